import type { FeedbackCatalog } from './feedback.js';

export const feedbackEn: FeedbackCatalog = {
  coverage: (covered, total) => `${covered}/${total}`,
  tallyHeading: (answerers) => `Key points made (of ${answerers} ${answerers === 1 ? 'answer' : 'answers'})`,
  tallyRow: (point, count) => `${point} — ${count}`,
  button: 'My feedback',
  noteTitle: (question) => `Feedback on your answer · ${question}`,
  noteScore: (covered, total) => `You made ${covered} of ${total} key points.`,
  made: 'Points you made',
  missed: 'Points you missed (reference)',
  evidence: (words) => ` ← "${words}"`,
  comment: 'Comment',
  notAnAttempt:
    'This reply did not count as an attempt, so your streak did not grow ("I don\'t know", "pass", a lone emoji). It did not break either.',
  noKeyPoints: 'This question has no key points yet, so it was not graded.',
  yourAnswer: 'Your answer',
  noAnswer: 'You have no on-time answer in this round.',
  notRevealed: 'Feedback is shown once the reference answer is revealed.',
  comesBack: 'You missed several key points, so this question is back in your practice queue (`/sa-quiz`).',
  practiceWrite: 'Write an answer',
  practiceAnswerLabel: 'Your answer (as you would say it in an interview)',
  practiceAnswerTitle: 'Practice answer',
  emptyAnswer: 'Write an answer first; a sentence or two is fine.',
  suggested: (grade) => `Suggested from the key points: "${grade}" (you may pick another)`,
  uploadWithoutKeyPoints:
    'Questions without key points (answers to them are not graded; see Key points in docs/bank-format.md)',
  rule: 'A streak grows with every real attempt (not a bare "I don\'t know", "pass" or emoji); the score adds up the share of key points each answer made.',
};
