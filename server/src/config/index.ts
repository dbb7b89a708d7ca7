/**
 * Project configuration (`.faultline.jsonc` / `.faultline.yaml` / `.faultline.yml`), shared by the
 * CLI and the language server. See rules/schema/config.schema.json for the format.
 */
export { ConfigResolver, checkRuleIds, closest, isIncluded, matchGlobSet, type ConfigResolverOptions, type IncludeVerdict } from './loadConfig';
export { parseConfigText, isYamlConfig, type ParsedConfigFile, type RawConfig } from './parseConfig';
export { CONFIG_FILE_NAMES, formatConfigProblem, type ConfigProblem, type GlobSet, type LoadResult, type ResolvedConfig, type ValueOrigin } from './types';
