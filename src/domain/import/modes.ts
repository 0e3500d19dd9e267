/** What an import brings in and how it treats a file with problems (the API, the CLI, the web app). */
export const IMPORT_TARGETS = ['people', 'visitors'] as const;
export type ImportTarget = (typeof IMPORT_TARGETS)[number];
/** dry_run: nothing is written; all: all or nothing; valid_only: the valid lines. */
export const IMPORT_MODES = ['dry_run', 'all', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
