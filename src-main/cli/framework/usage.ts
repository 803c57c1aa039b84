/** The one usage-text generator: a command's synopsis and help, a group's command list. */
import type { Command, Entry, FlagSpec, Group, OptionSpec } from './spec.ts';

const WIDTH = 100;
const LABEL = 24;

/** Wraps `text` to the width, every line after the first indented by `indent` spaces. */
export function wrap(text: string, indent: number, first = 0, width = WIDTH): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let lineText = '';
    let room = width - first;
    for (const word of para.split(' ')) {
      if (lineText && lineText.length + 1 + word.length > room) {
        out.push(lineText);
        lineText = word;
        room = width - indent;
      } else lineText = lineText ? `${lineText} ${word}` : word;
    }
    out.push(lineText);
    first = indent;
  }
  return out.join(`\n${' '.repeat(indent)}`);
}

function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?)]$/.test(t) ? t : `${t}.`;
}

function optionWords(name: string, spec: FlagSpec | OptionSpec): string {
  return spec.kind === 'flag' ? `--${name}` : `--${name} ${spec.metavar}`;
}

function positionalWords(cmd: Command): string[] {
  return Object.entries(cmd.positionals).map(([name, p]) => (p.mode === 'required' ? name : p.mode === 'optional' ? `[${name}]` : `[${name}]...`));
}

/** One line (wrapped): "npm run runs -- import PATH [--name NAME] [--tag TAG]... [--db FILE]". */
export function synopsis(invocation: string, cmd: Command): string {
  const opts = Object.entries(cmd.options).map(([n, o]) => `[${optionWords(n, o)}]${o.kind === 'option' && o.mode === 'many' ? '...' : ''}`);
  return wrap(`Usage: ${[invocation, ...positionalWords(cmd), ...opts].join(' ')}`, 7);
}

function row(label: string, help: string): string {
  const pad = label.length + 2 >= LABEL ? `  ${label}\n${' '.repeat(LABEL)}` : `  ${label.padEnd(LABEL - 2)}`;
  return pad + wrap(help, LABEL, LABEL);
}

function optionHelp(spec: FlagSpec | OptionSpec): string {
  if (spec.kind === 'flag') return spec.help;
  const extra = spec.mode === 'many' ? ' (repeatable)' : spec.mode === 'default' && spec.default !== undefined ? ` (default: ${String(spec.default)})` : '';
  return spec.help + extra;
}

/** The --help text of a command. */
export function commandHelp(invocation: string, cmd: Command): string {
  const parts = [`Usage: ${[invocation, ...positionalWords(cmd)].join(' ')} [options]`, wrap(sentence(cmd.summary), 0)];
  if (cmd.description) parts.push(wrap(cmd.description, 0));
  const args = Object.entries(cmd.positionals);
  if (args.length > 0) parts.push(['Arguments:', ...args.map(([n, p]) => row(n, p.help))].join('\n'));
  const opts = Object.entries(cmd.options).map(([n, o]) => row(`${o.short ? `-${o.short}, ` : ''}${optionWords(n, o)}`, optionHelp(o)));
  parts.push(['Options:', ...opts, row('-h, --help', 'show this help')].join('\n'));
  if (cmd.examples?.length) parts.push(['Examples:', ...cmd.examples.map((e) => `  ${e}`)].join('\n'));
  return `${parts.join('\n\n')}\n`;
}

/** The help of a group: its commands with their summaries. */
export function groupHelp(invocation: string, g: Group): string {
  const width = Math.max(...g.commands.map((c: Entry) => c.name.length));
  const parts = [
    `Usage: ${invocation} COMMAND [arguments] [options]`,
    wrap(sentence(g.summary), 0),
    ...(g.description ? [wrap(g.description, 0)] : []),
    ['Commands:', ...g.commands.map((c) => `  ${c.name.padEnd(width)}  ${wrap(c.summary, width + 4, width + 4)}`)].join('\n'),
  ];
  const footer = g.footer?.();
  parts.push(`${footer ? `${footer}\n` : ''}'${invocation} help COMMAND' shows a command's arguments and options.`);
  return `${parts.join('\n\n')}\n`;
}
