import { personRef } from './forgotten.js';
import type { AnswerGrade } from './grading/types.js';
import type { Catalog, Grade } from './i18n/catalog.js';
import type { Answer, KeyPoint, QuestionText, Round } from './types.js';
import { type RichText, type View, type ViewAction, type ViewBlock, view } from './views.js';

/**
 * What grading adds to the screens: coverage beside each answerer and a per-point tally in the
 * public reveal (never anyone's missed points), the private note each answerer gets, and the
 * feedback on a practice answer.
 */

const MAX_EVIDENCE_SHOWN = 2;

/** `alice 4/5` for the public list of answerers; just the name when the answer was not graded. */
export function answererLine(m: Catalog, answer: Answer): RichText {
  const who = personRef(m, answer.userId, answer.userName);
  const grade = answer.grade;
  if (!grade || grade.total === 0) return [who];
  return [who, ` ${m.feedback.coverage(grade.covered, grade.total)}`];
}

const LABEL_LENGTH = 48;

/**
 * A key point as a short label for the public tally: its lead-in before `:` when it has one
 * (`상태 저장(stateful): …`), else its first words up to about 48 characters.
 */
export function pointLabel(text: string): string {
  const colon = text.indexOf(': ');
  if (colon > 0 && colon <= LABEL_LENGTH) return text.slice(0, colon);
  if ([...text].length <= LABEL_LENGTH + 8) return text;
  const cut = [...text].slice(0, LABEL_LENGTH).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > LABEL_LENGTH / 2 ? cut.slice(0, space) : cut).replace(/[,，.]$/, '')}…`;
}

/** How many of the graded answers made each key point: the public, anonymous tally. */
export function tallyBlock(
  m: Catalog,
  keyPoints: readonly KeyPoint[],
  counted: readonly Answer[],
): ViewBlock | null {
  const graded = counted.filter((a) => a.grade && a.grade.total === keyPoints.length && a.grade.total > 0);
  if (keyPoints.length === 0 || graded.length === 0) return null;
  const items = keyPoints.map((point, index) => {
    const made = graded.filter((a) => a.grade?.points[index]?.covered).length;
    return m.feedback.tallyRow(pointLabel(point.text), made);
  });
  return { kind: 'list', heading: m.feedback.tallyHeading(graded.length), items };
}

function gradeBlocks(m: Catalog, keyPoints: readonly KeyPoint[], grade: AnswerGrade): ViewBlock[] {
  const f = m.feedback;
  if (grade.total === 0 || keyPoints.length === 0) return [{ kind: 'text', text: f.noKeyPoints }];
  const blocks: ViewBlock[] = [{ kind: 'text', text: f.noteScore(grade.covered, grade.total) }];
  const made = grade.points.filter((p) => p.covered);
  const missed = grade.points.filter((p) => !p.covered);
  const pointText = (index: number): string => keyPoints[index]?.text ?? `#${index + 1}`;
  if (made.length > 0)
    blocks.push({
      kind: 'list',
      heading: `✅ ${f.made}`,
      items: made.map((p) => {
        const words = p.evidence.slice(0, MAX_EVIDENCE_SHOWN).join(' … ');
        return words === '' ? pointText(p.index) : `${pointText(p.index)}${f.evidence(words)}`;
      }),
    });
  if (missed.length > 0)
    blocks.push({ kind: 'list', heading: `⬜ ${f.missed}`, items: missed.map((p) => pointText(p.index)) });
  if (grade.feedback) blocks.push({ kind: 'section', heading: f.comment, text: grade.feedback });
  return blocks;
}

/** One answerer's private note on a revealed round: what they made, what they missed, and why. */
export function feedbackNoteView(
  m: Catalog,
  round: Round,
  text: QuestionText,
  keyPoints: readonly KeyPoint[],
  answer: Answer,
  cameBack: boolean,
): View {
  const grade = answer.grade;
  const blocks: ViewBlock[] = grade
    ? gradeBlocks(m, keyPoints, grade)
    : [{ kind: 'text', text: m.feedback.noKeyPoints }];
  if (grade && !grade.attempt) blocks.push({ kind: 'text', text: m.feedback.notAnAttempt });
  if (cameBack) blocks.push({ kind: 'text', text: m.feedback.comesBack });
  return view('practice', m.feedback.noteTitle(text.title), blocks, { footer: `#${round.id}` });
}

/** The self-grade a coverage suggests: the highlighted button after a typed practice answer. */
export function suggestedGrade(grade: AnswerGrade): Grade {
  if (!grade.attempt || grade.total === 0) return 'again';
  if (grade.score >= 0.9) return 'easy';
  if (grade.score >= 0.6) return 'good';
  if (grade.score >= 0.3) return 'hard';
  return 'again';
}

const GRADES: readonly Grade[] = ['again', 'hard', 'good', 'easy'];

/** The reference answer after a typed practice answer: its feedback first, the suggested grade highlighted. */
export function practiceFeedbackView(
  m: Catalog,
  key: string,
  text: QuestionText,
  keyPoints: readonly KeyPoint[],
  grade: AnswerGrade,
  reference: readonly ViewBlock[],
): View {
  const suggested = suggestedGrade(grade);
  const blocks: ViewBlock[] = [...gradeBlocks(m, keyPoints, grade)];
  if (!grade.attempt) blocks.push({ kind: 'text', text: m.feedback.notAnAttempt });
  blocks.push(
    { kind: 'text', text: m.feedback.suggested(m.grades[suggested]) },
    { kind: 'divider' },
    ...reference,
  );
  const actions: ViewAction[] = GRADES.map((g) => ({
    id: `practice.${g}` as const,
    label: m.grades[g],
    value: key,
    style: g === suggested ? 'primary' : 'default',
  }));
  return view('practice', `${m.practiceTitle} · ${text.title}`, blocks, { actions });
}
