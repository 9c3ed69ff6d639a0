// What AWS takes in tags, for the config, the modules and the previews that tag whole stacks.

/**
 * The characters every tagging AWS service takes in tag keys and values: letters, digits, spaces
 * and `_ . : / = + - @`. Some services take more, but a tag applied to a whole stack must suit all.
 */
export const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The longest tag value AWS takes. */
export const MAX_TAG_VALUE_LENGTH = 256;

/** What a tag value may be, for error messages. */
export const TAG_VALUE_RULE = "tag values are at most 256 letters, digits, spaces and _ . : / = + - @ (the characters every AWS service takes)";

/** Text as a tag value: every character AWS refuses in tags (`#`, `!`, `,`, ...) becomes `-`, cut to 256 characters. */
export function tagValueOf(text: string): string {
  return Array.from(text, (character) => (TAG_CHARACTERS.test(character) ? character : "-")).join("").slice(0, MAX_TAG_VALUE_LENGTH);
}
