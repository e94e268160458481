import { UserFacingError } from '../errors.js';

/** Throws QUESTION_TOO_LONG when `question` exceeds `max` characters; returns it trimmed. Shared by /ask and DMs. */
export function checkQuestion(question: string, max: number): string {
  const trimmed = question.trim();
  if (trimmed.length > max) {
    throw new UserFacingError('QUESTION_TOO_LONG', `Your question is ${trimmed.length} characters long; the limit is ${max}.`, {
      length: trimmed.length,
      max,
    });
  }
  return trimmed;
}
