import { useLocation, useNavigate } from 'react-router-dom';

/**
 * Sets or (with an empty value) removes query parameters of the page's URL; a list's new filter or search
 * starts again at the first page.
 */
export const useSetUrlQuery = () => {
  const navigate = useNavigate();
  const { search } = useLocation();
  return (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) params.set(key, value);
      else params.delete(key);
    }
    params.set('page', '1');
    navigate({ search: params.toString() });
  };
};
