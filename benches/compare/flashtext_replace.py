#!/usr/bin/env python3
"""flashtext: the Python keyword replacer a user would reach for.

    flashtext_replace.py PAIRS.tsv INPUT > OUTPUT

Case-sensitive whole-word replacement (flashtext's own word boundaries:
letters, digits and _ are word characters), one line at a time.
"""
import sys

from flashtext import KeywordProcessor


def main():
    pairs, path = sys.argv[1], sys.argv[2]
    kp = KeywordProcessor(case_sensitive=True)
    with open(pairs, encoding="utf-8") as f:
        for line in f:
            wrong, _, right = line.rstrip("\n").partition("\t")
            if wrong:
                kp.add_keyword(wrong, right)
    out = sys.stdout
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            out.write(kp.replace_keywords(line))


if __name__ == "__main__":
    main()
