/**
 * The command-line framework of every npm script (simulate, runs, serve, and the ones to come):
 * commands declared as data (spec.ts), one parser (parse.ts), one usage generator (usage.ts),
 * one error type and one set of exit statuses (errors.ts), one runner (run.ts), one io (io.ts).
 */
export { EXIT, onFile, quote, UsageError } from './errors.ts';
export { jsonFile, outputFolder, readBoundedFile, readJsonFile } from './files.ts';
export { bufferedIo, escapeControls, processIo, type BufferedIo, type CliIo } from './io.ts';
export { parseArgs } from './parse.ts';
export { runCli, runMain } from './run.ts';
export {
  arg,
  command,
  flag,
  group,
  option,
  optionalArg,
  optionWithDefault,
  repeatable,
  restArgs,
  type Args,
  type Command,
  type CommandContext,
  type CommandSpec,
  type Entry,
  type Group,
  type OptionSpecs,
  type PositionalSpecs,
  type Program,
  type RunResult,
} from './spec.ts';
export { commandHelp, groupHelp, synopsis } from './usage.ts';
export { choice, decimal, filePath, integer, parser, text, type ValueParser } from './values.ts';
