#!/usr/bin/perl
# The seed workflow's second step, re-created for benchmarking: turn simpletrace.py's per-record deltas (us) into
# absolute times and keep `TIMESTAMP PC` for every exec_tb record. Reads simpletrace.py output on stdin.
use strict;
use warnings;
my $t = 0;
while (<STDIN>) {
    my @f = split;
    $t += $f[1];
    next unless $f[0] eq 'exec_tb';
    for my $a (@f[3..$#f]) {
        if ($a =~ /^pc=0x([0-9a-f]+)$/) { printf "%.3f %s\n", $t, $1; }
    }
}
