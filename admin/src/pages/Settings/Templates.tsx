import * as React from 'react';
import { Box, Button, Field, Flex, Tabs, Textarea, Typography } from '@strapi/design-system';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import type { EmailKindView } from '../../../../common/contracts/settings';
import type { RenderedEmail } from '../../../../common/domain/email-template';
import { EMAIL_LANGUAGES, type EmailLanguage } from '../../../../common/domain/decision-emails';
import {
  useEmailTemplates,
  usePreviewTemplateMutation,
  useResetTemplateMutation,
  useSaveTemplateMutation,
  useTestTemplateMutation,
} from '../../api/settings';
import { SelectField, TextField } from '../../components/FormFields';
import { MessagePage, Notice, PageFrame } from '../../components/PageLayout';
import { useFormRequest } from '../../hooks/useFormRequest';
import { useT } from '../../hooks/useT';
import { PERMISSIONS } from '../../permissions';

const LANGUAGE_NAMES: Record<EmailLanguage, string> = { en: 'English', nl: 'Nederlands' };

/** The admin's own language when the plugin has words in it, for the registry's titles and descriptions. */
const useWordsLanguage = (): EmailLanguage => {
  const { locale } = useIntl();
  return locale.toLowerCase().startsWith('nl') ? 'nl' : 'en';
};

interface EditorProps {
  kind: EmailKindView;
  language: EmailLanguage;
}

/** One template (a kind in one language): its variables, subject and body, preview, test email, save and reset. */
const TemplateEditor = ({ kind, language }: EditorProps) => {
  const t = useT();
  const words = useWordsLanguage();
  const { toggleNotification } = useNotification();
  const stored = kind.templates[language];
  const [subject, setSubject] = React.useState(stored.subject);
  const [body, setBody] = React.useState(stored.body);
  const [preview, setPreview] = React.useState<RenderedEmail | null>(null);
  const { busy, error, setError, run } = useFormRequest();
  const [saveTemplate] = useSaveTemplateMutation();
  const [resetTemplate] = useResetTemplateMutation();
  const [previewTemplate] = usePreviewTemplateMutation();
  const [testTemplate] = useTestTemplateMutation();
  const arg = { kind: kind.kind, language, subject, body };

  React.useEffect(() => {
    setSubject(stored.subject);
    setBody(stored.body);
    setPreview(null);
    setError(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stored.subject, stored.body]);

  const done = (message: string) => toggleNotification({ type: 'success', message });
  const save = () =>
    run(async () => {
      await saveTemplate(arg).unwrap();
      done(t('templates.saved', 'Template saved; the next email of this kind uses it.'));
    });
  const reset = () =>
    run(async () => {
      await resetTemplate({ kind: kind.kind, language }).unwrap();
      done(t('templates.restored', "The plugin's words are back."));
    });
  const showPreview = () =>
    run(async () => {
      setPreview((await previewTemplate(arg).unwrap()).data);
    });
  const sendTest = () =>
    run(async () => {
      const { data } = await testTemplate(arg).unwrap();
      done(t('templates.testSent', 'A test email went to {email}.', { email: data.to }));
    });

  return (
    <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {stored.overridden
          ? t('templates.own', 'Your own words, saved {date}.', {
              date: stored.updatedAt ? new Date(stored.updatedAt).toLocaleString() : '',
            })
          : t('templates.default', "The plugin's words; change them below and save.")}
      </Typography>
      <Box>
        <Typography variant="sigma" tag="h3">
          {t('templates.variables', 'Variables of this email')}
        </Typography>
        <Box tag="ul" paddingTop={2}>
          {kind.variables.map((variable) => (
            <li key={variable.name}>
              <Typography>
                <code>{`{{${variable.name}}}`}</code> {variable.description[words]}
                {variable.link ? ` ${t('templates.link', '(a link in the HTML part)')}` : ''}
              </Typography>
            </li>
          ))}
        </Box>
        <Box paddingTop={2}>
          <Typography variant="pi" textColor="neutral600">
            {t(
              'templates.syntax',
              'Write {variable} for a variable and {block} for words shown only when it has a value. Leave a blank line between paragraphs.',
              { variable: '{{name}}', block: '{{#if name}}…{{/if}}' }
            )}
          </Typography>
        </Box>
      </Box>
      {kind.hasSubject ? (
        <TextField
          name={`subject-${language}`}
          label={t('templates.subject', 'Subject')}
          value={subject}
          onChange={setSubject}
          maxLength={300}
        />
      ) : null}
      <Field.Root
        name={`body-${language}`}
        hint={t('templates.bodyHint', 'Plain text; every variable is escaped in the HTML part.')}
      >
        <Field.Label>{t('templates.body', 'Body')}</Field.Label>
        <Textarea
          value={body}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => setBody(event.target.value)}
          rows={10}
        />
        <Field.Hint />
      </Field.Root>
      {error ? (
        <Typography textColor="danger600" role="alert">
          {error}
        </Typography>
      ) : null}
      <Flex gap={2} wrap="wrap">
        <Button onClick={save} loading={busy}>
          {t('templates.save', 'Save')}
        </Button>
        <Button variant="secondary" onClick={showPreview} disabled={busy}>
          {t('templates.preview', 'Preview with sample data')}
        </Button>
        <Button variant="tertiary" onClick={sendTest} disabled={busy}>
          {t('templates.test', 'Send me a test email')}
        </Button>
        {stored.overridden ? (
          <Button variant="danger-light" onClick={reset} disabled={busy}>
            {t('templates.reset', "Restore the plugin's words")}
          </Button>
        ) : null}
      </Flex>
      {preview ? (
        <Box background="neutral100" padding={4} hasRadius>
          {kind.hasSubject ? (
            <Typography fontWeight="bold" tag="p">
              {t('templates.previewSubject', 'Subject: {subject}', { subject: preview.subject })}
            </Typography>
          ) : null}
          <Box paddingTop={2}>
            {/* The HTML part as the recipient's mail client shows it; sandboxed, it runs nothing. */}
            <iframe
              title={t('templates.previewFrame', 'Preview of the email')}
              sandbox=""
              srcDoc={preview.html}
              style={{ width: '100%', minHeight: 200, border: 0, background: 'white' }}
            />
          </Box>
        </Box>
      ) : null}
    </Flex>
  );
};

/** Settings → Groups → Email templates: every registered kind, English and Dutch. */
const TemplatesView = () => {
  const t = useT();
  const words = useWordsLanguage();
  const { data, error } = useEmailTemplates();
  const [kindId, setKindId] = React.useState<string | null>(null);
  const [language, setLanguage] = React.useState<EmailLanguage>(words);
  const title = t('templates.title', 'Email templates');
  if (error) return <MessagePage title={title}>{error}</MessagePage>;
  if (!data) return <Page.Loading />;
  const kinds = data.data;
  const kind = kinds.find((k) => k.kind === kindId) ?? kinds[0];
  if (!kind)
    return <MessagePage title={title}>{t('templates.none', 'No email kinds are registered.')}</MessagePage>;

  return (
    <PageFrame
      title={title}
      subtitle={t(
        'templates.subtitle',
        'The words of every email the plugin sends, in English and Dutch; each person gets their own language.'
      )}
    >
      <Layouts.Content>
        <Box background="neutral0" padding={6} hasRadius shadow="tableShadow">
          <SelectField
            name="kind"
            label={t('templates.kind', 'Email')}
            value={kind.kind}
            options={kinds.map((k) => ({ value: k.kind, label: k.title[words] }))}
            onChange={setKindId}
          />
          <Box paddingTop={2} paddingBottom={4}>
            <Typography textColor="neutral600">{kind.description[words]}</Typography>
          </Box>
          <Tabs.Root value={language} onValueChange={(value) => setLanguage(value as EmailLanguage)}>
            <Tabs.List aria-label={t('templates.language', 'Language')}>
              {EMAIL_LANGUAGES.map((code) => (
                <Tabs.Trigger key={code} value={code}>
                  {LANGUAGE_NAMES[code]}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {EMAIL_LANGUAGES.map((code) => (
              <Tabs.Content key={code} value={code}>
                <TemplateEditor key={`${kind.kind}-${code}`} kind={kind} language={code} />
              </Tabs.Content>
            ))}
          </Tabs.Root>
        </Box>
        <Box paddingTop={4}>
          <Notice>
            <Typography variant="pi">
              {t(
                'templates.safety',
                'A template reaches only the variables listed for its email. A template with an unknown variable or broken syntax is refused when you save it, and the last saved version keeps being sent.'
              )}
            </Typography>
          </Notice>
        </Box>
      </Layouts.Content>
    </PageFrame>
  );
};

const TemplatesPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <TemplatesView />
  </Page.Protect>
);

export default TemplatesPage;
