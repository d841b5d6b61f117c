/** Where dtlint lives on the web: one base for every link a report or the docs hand out. */
export const PROJECT_URL = 'https://github.com/dtlint/dtlint';

/** Repository-relative paths (a rule's `docs`) resolve against this. */
export const DOCS_BASE_URL = `${PROJECT_URL}/blob/main/`;

/** The absolute URL of a repository-relative docs path (`docs/rules/<id>.md`). */
export function docsUrl(repositoryPath: string): string {
  return `${DOCS_BASE_URL}${repositoryPath}`;
}
