#!/usr/bin/env python3
"""pyahocorasick: Aho-Corasick in C, driven from Python.

    pyac_replace.py PAIRS.tsv INPUT > OUTPUT

Leftmost-longest matches (Automaton.iter_long), kept only at word
boundaries (no letter or digit on either side), one line at a time.
"""
import sys

import ahocorasick


def main():
    pairs, path = sys.argv[1], sys.argv[2]
    a = ahocorasick.Automaton()
    with open(pairs, encoding="utf-8") as f:
        for line in f:
            wrong, _, right = line.rstrip("\n").partition("\t")
            if wrong:
                a.add_word(wrong, (len(wrong), right))
    a.make_automaton()
    out = sys.stdout
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            parts, last = [], 0
            for end, (n, right) in a.iter_long(line):
                start = end - n + 1
                if (start > 0 and line[start - 1].isalnum()) or (
                    end + 1 < len(line) and line[end + 1].isalnum()
                ):
                    continue
                parts.append(line[last:start])
                parts.append(right)
                last = end + 1
            if parts:
                parts.append(line[last:])
                out.write("".join(parts))
            else:
                out.write(line)


if __name__ == "__main__":
    main()
