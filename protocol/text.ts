// How both sides measure text against the limits: one function, so that the widget and the server agree.

/**
 * A message's length as the limits count it: in code points, so that an emoji or any character
 * outside the Basic Multilingual Plane counts once, as the user sees it (`String.length` counts
 * UTF-16 units: two for 😀).
 */
export function messageLength(text: string): number {
  let length = 0;
  for (const _codePoint of text) length++;
  return length;
}
