/** A comment for the draft: above the key at `path`, or after its value when `inline`. */
export interface DraftComment {
  path: string[];
  text: string;
  inline?: boolean;
}
