/**
 * A group's slug follows its name until someone edits it by hand. Slugs are made the way Strapi's own uid
 * field makes them (the same library), so a slug made by the Groups screen and one made by the Content
 * Manager's "Regenerate" agree.
 */
import slugify from '@sindresorhus/slugify';

export const slugOf = (name: string): string => slugify(name);

/**
 * Whether `slug` is still the one made from `name`: the slug itself, or with the `-1`, `-2` … Strapi adds
 * when another group already had it. A slug edited by hand is anything else, and is kept.
 */
export const followsName = (slug: string | null | undefined, name: string | null | undefined): boolean => {
  if (!slug) return true;
  if (!name) return false;
  const base = slugOf(name);
  return slug === base || new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(slug);
};
