import * as React from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

export interface ApiState<T> {
  data: T | undefined;
  error: string | null;
  isLoading: boolean;
  reload: () => void;
}

/** The message of a Strapi error response, or of a network failure. */
export const errorMessage = (error: unknown): string => {
  const response = (error as { response?: { data?: { error?: { message?: string } } } })?.response;
  return response?.data?.error?.message ?? (error as Error)?.message ?? String(error);
};

/**
 * GETs a workspace endpoint whenever `url` or `params` change. `params` is compared by value, so an object
 * literal in the caller does not refetch on every render.
 */
export const useApi = <T>(url: string | null, params: Record<string, unknown> = {}): ApiState<T> => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ data?: T; error: string | null; isLoading: boolean }>({
    error: null,
    isLoading: true,
  });
  const [version, setVersion] = React.useState(0);
  const key = JSON.stringify(params);

  React.useEffect(() => {
    if (!url) return undefined;
    const controller = new AbortController();
    setState((previous) => ({ ...previous, isLoading: true }));
    get<T>(url, { params: JSON.parse(key), signal: controller.signal })
      .then((response) => setState({ data: response.data, error: null, isLoading: false }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ data: undefined, error: errorMessage(error), isLoading: false });
      });
    return () => controller.abort();
  }, [get, url, key, version]);

  const reload = React.useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, data: state.data, reload };
};
