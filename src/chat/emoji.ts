/** Drops skin tones (`+1::skin-tone-3`, 👍🏽) and emoji presentation selectors so variants count alike. */
export function normalizeEmoji(emoji: string): string {
  return emoji
    .replace(/::skin-tone-\d$/, "")
    .replace(/[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu, "")
    .replace(/^:|:$/g, "")
    .trim();
}
