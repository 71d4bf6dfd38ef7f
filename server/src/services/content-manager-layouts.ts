import type { Core } from '@strapi/strapi';
import { ENROLLMENT_UID, GROUP_MANAGER_UID, GROUP_UID } from '../constants';

/** What the plugin sets for one field of a Content Manager form. */
interface FieldLayout {
  label: string;
  description: string;
  /** Shown but not changed in the form. */
  editable?: false;
  /** Not shown in the edit form (still listed, searched and used as a title). */
  visible?: false;
  /** For a relation: the related entry's attribute the picker and the form show. */
  mainField?: string;
}

interface TypeLayout {
  /** The attribute that titles an entry in its header, the home page and other types' relation fields. */
  mainField: string;
  /** The list view's columns. */
  list: string[];
  fields: Record<string, FieldLayout>;
}

const BY_THE_PLUGIN = 'Set by the plugin; it cannot be edited.';

/**
 * Labels and help for the plugin's types in the Content Manager. Strapi keeps one label and one description
 * per field, not one per admin language, so these are in English.
 */
export const CONTENT_MANAGER_LAYOUTS: Readonly<Record<string, TypeLayout>> = {
  [GROUP_UID]: {
    mainField: 'name',
    list: ['name', 'visibility', 'enrollmentPolicy', 'seatLimit', 'archivedAt'],
    fields: {
      name: { label: 'Name', description: 'How managers and learners see the group.' },
      slug: {
        label: 'Slug',
        description:
          "A unique name for web addresses. The refresh button makes it again from the group's name.",
      },
      description: { label: 'Description', description: 'What the group is for, in a sentence or two.' },
      visibility: {
        label: 'Visibility',
        description:
          'private: only members see the group. public: every signed-in learner sees it and, unless the policy is closed, may ask for a place.',
      },
      enrollmentPolicy: {
        label: 'Enrollment policy',
        description:
          'How a learner’s request for a course is handled. approval: a manager approves or rejects it. open: approved at once while seats are left, waitlisted after that. closed: learners cannot ask; managers register them.',
      },
      seatLimit: {
        label: 'Seat limit',
        description:
          'The most learners with an approved place in this group at one time. Approvals past it go to the waitlist. Empty: no limit.',
      },
      members: {
        label: 'Members',
        description:
          'The learners (site users) who belong to the group. Only members can ask for its courses.',
        mainField: 'username',
      },
      courses: { label: 'Courses', description: 'The courses the group runs for its members.' },
      enrollments: {
        label: 'Enrollments',
        description:
          'Read-only here: an enrollment is created and changed in the Enrollment type or the Groups workspace, so nothing moves out of another group by accident.',
        editable: false,
        mainField: 'title',
      },
      managers: {
        label: 'Managers',
        description:
          'Read-only here: to add a manager, create a Group manager entry for this group; to change their rights, edit that entry.',
        editable: false,
        mainField: 'title',
      },
      archivedAt: {
        label: 'Archived at',
        description:
          'Set a date to archive the group: it is hidden from learners and takes no new members. Clear it to restore the group. A group with enrollments is archived, not deleted.',
      },
      parent: {
        label: 'Parent group',
        description:
          'Makes this a sub-group. Managers of the parent whose link includes sub-groups manage it too; a public parent does not make it public.',
        mainField: 'name',
      },
    },
  },
  [GROUP_MANAGER_UID]: {
    mainField: 'title',
    list: ['title', 'canViewReports', 'canManageEnrollments', 'canManageMembers', 'canEditCourses'],
    fields: {
      user: {
        label: 'Admin user',
        description:
          'The admin who manages the group, shown by email. Give them the "Group Manager" role as well. One link per admin and group.',
        mainField: 'email',
      },
      group: { label: 'Group', description: 'The group they manage.', mainField: 'name' },
      canViewReports: {
        label: 'Can view reports',
        description: "Sees the group's enrollments, progress and results in Reports.",
      },
      canExportReports: {
        label: 'Can export reports',
        description: "Downloads the group's report as an Excel file.",
      },
      canManageEnrollments: {
        label: 'Can manage enrollments',
        description:
          'Approves, rejects, waitlists, unenrolls and completes enrollments, marks attendance and registers members in courses.',
      },
      canManageMembers: {
        label: 'Can manage members',
        description: 'Adds, invites, imports, edits and removes the group’s members.',
      },
      canEditCourses: {
        label: 'Can edit courses',
        description:
          'Edits the group’s courses in the Content Manager. Works only with the "Group Course Editor" role, and covers courses other groups use too.',
      },
      canMessageMembers: {
        label: 'Can message members',
        description: 'Sends emails to the group’s members, within the hourly limit of the plugin settings.',
      },
      includesSubGroups: {
        label: 'Includes sub-groups',
        description:
          'These rights apply to every sub-group of the group as well (on for new links; links made before sub-groups existed are off).',
      },
      title: { label: 'Title', description: BY_THE_PLUGIN, editable: false, visible: false },
    },
  },
  [ENROLLMENT_UID]: {
    mainField: 'title',
    list: ['title', 'state', 'attendance', 'progress', 'requestedAt'],
    fields: {
      learner: {
        label: 'Learner',
        description: 'The learner (a member of the group).',
        mainField: 'username',
      },
      group: { label: 'Group', description: 'The group the place is in.', mainField: 'name' },
      course: { label: 'Course', description: 'One of the group’s courses.' },
      state: {
        label: 'Status',
        description:
          'requested → approved, rejected or waitlisted (by a manager, or at once in an open group); approved → completed or cancelled. Only the changes the status rules allow are saved; an approval past the seat limit is waitlisted.',
      },
      attendance: { label: 'Attendance', description: 'Marked by a manager: unknown, present or absent.' },
      progress: {
        label: 'Progress (%)',
        description: 'From 0 to 100, reported by the LMS. 100 completes the enrollment.',
      },
      score: { label: 'Score', description: 'The result the LMS reported, if any.' },
      timeSpent: { label: 'Time spent (seconds)', description: 'In total, as the LMS reported it.' },
      requestedAt: { label: 'Requested at', description: BY_THE_PLUGIN, editable: false },
      decidedAt: { label: 'Decided at', description: BY_THE_PLUGIN, editable: false },
      decidedBy: {
        label: 'Decided by',
        description: BY_THE_PLUGIN,
        editable: false,
        mainField: 'email',
      },
      startedAt: { label: 'Started at', description: 'When the learner first showed activity in the LMS.' },
      completedAt: { label: 'Completed at', description: BY_THE_PLUGIN, editable: false },
      expiresAt: { label: 'Expires at', description: 'Optional: when the place ends.' },
      dueAt: { label: 'Due at', description: 'Optional: when the learner should have completed the course.' },
      reason: {
        label: 'Reason',
        description: 'Why the place was asked for or decided as it was; required to reject.',
      },
      history: {
        label: 'History',
        description: 'Every status change, who made it and why, oldest first. ' + BY_THE_PLUGIN,
        editable: false,
      },
      title: { label: 'Title', description: BY_THE_PLUGIN, editable: false, visible: false },
    },
  },
};

interface Metadata {
  edit: { label?: string; description?: string; editable?: boolean; visible?: boolean; mainField?: string };
  list: { label?: string };
}

interface Configuration {
  settings: { mainField?: string } & Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: unknown[] };
}

interface ContentManagerModel {
  uid: string;
  attributes: Record<string, { type: string; targetModel?: string }>;
}

const NOT_LISTABLE = new Set(['json', 'password', 'richtext', 'dynamiczone', 'blocks']);
/** The Content Manager lists this many columns until the site owner picks others. */
const DEFAULT_LIST_LENGTH = 4;

/**
 * Makes the plugin's Content Manager forms readable, once Strapi has made or synced their configuration.
 * A value is set only while it is still the one Strapi generated (a label equal to the attribute name, an
 * empty description, the first string attribute or the id as a title, the first columns of the type as the
 * list): whatever the site owner changed in "Configure the view" stays as they left it, on every boot.
 */
const contentManagerLayoutsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => strapi.plugin('content-manager').service('content-types');
  const model = (uid: string) => contentTypes().findContentType(uid) as ContentManagerModel | undefined;

  /** The title Strapi picks for a type: its first string attribute, else the id. */
  const strapiMainField = (uid: string | undefined): string => {
    const target = uid ? model(uid) : undefined;
    const first = Object.entries(target?.attributes ?? {}).find(
      ([name, attribute]) => attribute.type === 'string' && name !== 'id'
    );
    return first ? first[0] : 'id';
  };
  const isStrapiMainField = (value: string | undefined, uid: string | undefined) =>
    value === undefined || value === 'id' || value === 'documentId' || value === strapiMainField(uid);

  const strapiList = (type: ContentManagerModel): string[] =>
    Object.entries(type.attributes)
      .filter(([name, attribute]) => name !== 'documentId' && !NOT_LISTABLE.has(attribute.type))
      .map(([name]) => name)
      .slice(0, DEFAULT_LIST_LENGTH);

  /** Returns the configuration with the plugin's values where Strapi's are still in place. */
  const withLayout = (type: ContentManagerModel, current: Configuration, layout: TypeLayout) => {
    const next = structuredClone(current);
    let changed = false;
    const put = <T extends object, K extends keyof T>(target: T, key: K, value: T[K]) => {
      if (target[key] === value) return;
      target[key] = value;
      changed = true;
    };
    for (const [name, field] of Object.entries(layout.fields)) {
      const meta = next.metadatas[name];
      if (!meta || !type.attributes[name]) continue;
      if (meta.edit.label === undefined || meta.edit.label === name) put(meta.edit, 'label', field.label);
      if (meta.list.label === undefined || meta.list.label === name) put(meta.list, 'label', field.label);
      if (!meta.edit.description) put(meta.edit, 'description', field.description);
      if (field.editable === false && meta.edit.editable !== false) put(meta.edit, 'editable', false);
      if (field.visible === false && meta.edit.visible !== false) put(meta.edit, 'visible', false);
      const target = type.attributes[name].targetModel;
      if (field.mainField && isStrapiMainField(meta.edit.mainField, target) && model(target ?? '')) {
        put(meta.edit, 'mainField', field.mainField);
      }
    }
    if (isStrapiMainField(next.settings.mainField, type.uid))
      put(next.settings, 'mainField', layout.mainField);
    const list = next.layouts.list;
    const isStrapiList = list.length === 0 || JSON.stringify(list) === JSON.stringify(strapiList(type));
    if (isStrapiList && JSON.stringify(list) !== JSON.stringify(layout.list)) {
      next.layouts.list = [...layout.list];
      changed = true;
    }
    return changed ? next : null;
  };

  return {
    /** Applies the plugin's labels, descriptions, titles and columns where Strapi's defaults still stand. */
    async apply(): Promise<void> {
      for (const [uid, layout] of Object.entries(CONTENT_MANAGER_LAYOUTS)) {
        const type = model(uid);
        if (!type) continue;
        const { uid: _uid, ...current } = (await contentTypes().findConfiguration(type)) as Configuration & {
          uid: string;
        };
        // Strapi writes the configuration in its own bootstrap; nothing to refine before it exists.
        if (Object.keys(current.metadatas ?? {}).length === 0) continue;
        const next = withLayout(type, current, layout);
        if (next) await contentTypes().updateConfiguration(type, next);
      }
    },
  };
};

export type ContentManagerLayoutsService = ReturnType<typeof contentManagerLayoutsService>;
export default contentManagerLayoutsService;
