/** Every message the admin shows exists in English and Dutch, and the two files hold the same keys. */
import fs from 'fs';
import path from 'path';
import en from '../../admin/src/translations/en.json';
import nl from '../../admin/src/translations/nl.json';

const ADMIN_SRC = path.join(__dirname, '..', '..', 'admin', 'src');

const sourceFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });

describe('admin translations', () => {
  it('has the same keys in English and Dutch, none empty', () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(nl))
      expect([key, value.trim().length > 0]).toEqual([key, true]);
  });

  it('translates every literal message id used in the admin source', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(ADMIN_SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([^'`]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/getTranslation\('([^']+)'\)/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(50);
    const missing = [...used].filter((id) => !(id in en));
    expect(missing).toEqual([]);
  });
});
