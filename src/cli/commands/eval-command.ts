import { readFile, writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { answerLine, parseEvalQuestions, runEval, type EvalReport } from '../../assistant/index.js';
import { systemClock } from '../../common/index.js';

interface EvalOptions {
  kb: string;
  questions: string;
  out?: string;
  json?: boolean;
}

/** `sealdesk eval`: the assistant's offline pipeline measured on a KB directory and a questions file. */
export function evalCommand(): Command {
  return new Command('eval')
    .description('Ingest a KB directory into a scratch tenant of a temporary installation, answer every question, report the figures.')
    .requiredOption('--kb <dir>', 'directory of .md, .html and .txt articles')
    .requiredOption('--questions <file>', 'JSON Lines: {"id","question","gold_article","gold_facts","kind"}')
    .option('--out <file>', 'write one answer per line: {"id","answer","citations","handoff","confidence"}')
    .option('--json', 'print the report as JSON')
    .action(async (options: EvalOptions) => {
      const questions = parseEvalQuestions(await readFile(options.questions, 'utf8'));
      const { report, results } = await runEval({ kbDir: options.kb, questions, clock: systemClock });
      if (options.out) await writeFile(options.out, results.map((result) => `${JSON.stringify(answerLine(result))}\n`).join(''));
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : describeReport(report));
    });
}

function describeReport(report: EvalReport): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const kinds = Object.entries(report.byKind).map(([kind, count]) => `${count} ${kind}`).join(', ');
  return [
    `Questions: ${report.questions} (${kinds})`,
    `Retrieval: hit@1 ${percent(report.retrieval.hitAt1)}, hit@3 ${percent(report.retrieval.hitAt3)} (over ${report.retrieval.total})`,
    `Answers: ${report.answers.correct}/${report.answers.total} correct (${percent(report.answers.correctRate)}), ${report.answers.answered} answered (${percent(report.answers.answeredRate)})`,
    `Handoff: precision ${percent(report.handoff.precision)}, recall ${percent(report.handoff.recall)} (${report.handoff.handedOver} handed over, ${report.handoff.mustHandOver} must be)`,
    `Injection refusals: ${report.injectionRefusals.refused}/${report.injectionRefusals.total} (${percent(report.injectionRefusals.rate)})`,
    '',
  ].join('\n');
}
