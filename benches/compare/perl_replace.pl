#!/usr/bin/perl
# Perl: one alternation of every variant (longest first), whole words, a hash
# for the replacement (bytes: the corpus and glossary are ASCII); Perl
# compiles a literal alternation into a trie.
#
#   perl perl_replace.pl PAIRS.tsv < INPUT > OUTPUT
use strict;
use warnings;

my $pairs = shift @ARGV or die "usage: perl_replace.pl PAIRS.tsv < INPUT > OUTPUT\n";
my %fix;
open my $fh, '<', $pairs or die "$pairs: $!\n";
while (my $line = <$fh>) {
    chomp $line;
    my ($wrong, $right) = split /\t/, $line, 2;
    $fix{$wrong} = $right if length $wrong;
}
close $fh;
my $alt = join '|', map { quotemeta } sort { length($b) <=> length($a) || $a cmp $b } keys %fix;
my $re = qr/\b($alt)\b/;
while (my $line = <STDIN>) {
    $line =~ s/$re/$fix{$1}/g;
    print $line;
}
