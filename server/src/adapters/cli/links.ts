import pkg from '../../../../package.json';

/** Version and the public addresses the reports link to (SARIF informationUri / helpUri). */
interface PackageInfo {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}
const info = pkg as PackageInfo;

export const VERSION: string = info.version;

function repositoryUrl(): string {
  const repo = typeof info.repository === 'string' ? info.repository : info.repository?.url;
  const url = info.homepage ?? repo;
  if (!url) return 'https://github.com/faultline/faultline';
  return url.replace(/^git\+/, '').replace(/\.git$/, '').replace(/#.*$/, '');
}

/** Where Faultline is described: package.json `homepage` (or `repository`). */
export const INFORMATION_URI = repositoryUrl();

/** The per-rule documentation page (docs generated from rules/, one page per rule id). */
export function ruleDocsUri(ruleId: string): string {
  return `${INFORMATION_URI}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
