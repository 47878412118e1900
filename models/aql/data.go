package aql

// The master tables of ISO 2859-1:1999 (identical in content to
// ANSI/ASQ Z1.4 and MIL-STD-105E for Tables 1, 2-A and 2-B), written out
// cell by cell as the standard prints them, one line per code letter.
//
// Cell notation: "Ac/Re" is a plan; "v" is the downward arrow (use the
// first sampling plan below the arrow); "^" is the upward arrow (use the
// first sampling plan above the arrow); "-" is a blank cell (no plan
// printed). Columns are the 26 AQL columns 0.010 ... 1000 in order.

// Table 1 — Sample size code letters (ISO 2859-1:1999, Table 1).
// Columns: S-1 S-2 S-3 S-4 I II III.
var table1Ranges = []struct{ min, max int }{
	{2, 8}, {9, 15}, {16, 25}, {26, 50}, {51, 90}, {91, 150}, {151, 280},
	{281, 500}, {501, 1200}, {1201, 3200}, {3201, 10000}, {10001, 35000},
	{35001, 150000}, {150001, 500000}, {500001, 0}, // 0 = "and over"
}

const table1Text = `
A A A A A A B
A A A A A B C
A A B B B C D
A B B C C D E
B B C C C E F
B B C D D F G
B C D E E G H
B C D E F H J
C C E F G J K
C D E G H K L
C D F G J L M
C D F H K M N
D E G J L N P
D E G J M P Q
D E H K N Q R
`

// Sample sizes per code letter. Normal and tightened (Tables 2-A and 2-B)
// share them; S = 3150 exists only as the last row of Table 2-B.
var sampleNormal = map[string]int{
	"A": 2, "B": 3, "C": 5, "D": 8, "E": 13, "F": 20, "G": 32, "H": 50,
	"J": 80, "K": 125, "L": 200, "M": 315, "N": 500, "P": 800, "Q": 1250,
	"R": 2000, "S": 3150,
}

// Sample sizes of Table 2-C (reduced inspection).
var sampleReduced = map[string]int{
	"A": 2, "B": 2, "C": 2, "D": 3, "E": 5, "F": 8, "G": 13, "H": 20,
	"J": 32, "K": 50, "L": 80, "M": 125, "N": 200, "P": 315, "Q": 500,
	"R": 800,
}

// Table 2-A — Single sampling plans for normal inspection (master table),
// ISO 2859-1:1999.
const table2AText = `
A v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31
B v v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45
C v v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^
D v v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^
E v v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 30/31 44/45 ^ ^ ^
F v v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^
G v v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^
H v v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^
J v v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^
K v v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
L v v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
M v v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
N v v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
P v 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
Q 0/1 ^ v 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
R ^ ^ 1/2 2/3 3/4 5/6 7/8 10/11 14/15 21/22 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
`

// Table 2-B — Single sampling plans for tightened inspection (master
// table), ISO 2859-1:1999. Row S (n = 3150) carries only the 1/2 plan
// under AQL 0.025, which the downward arrows of rows Q and R lead to; the
// rest of that row is blank. R at 0.015 points up (there is no plan below
// it) and resolves to Q's 0/1.
const table2BText = `
A v v v v v v v v v v v v v v v v v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28
B v v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42
C v v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^
D v v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^
E v v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 27/28 41/42 ^ ^ ^
F v v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^
G v v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^
H v v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^
J v v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^
K v v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
L v v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
M v v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
N v v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
P v v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
Q v 0/1 v v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
R 0/1 ^ v 1/2 2/3 3/4 5/6 8/9 12/13 18/19 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
S - - 1/2 - - - - - - - - - - - - - - - - - - - - - - -
`

// Table 2-C — Single sampling plans for reduced inspection (master table).
// This is the ISO 2859-1:1999 table: every plan has Re = Ac + 1. The
// older MIL-STD-105E / ANSI Z1.4 reduced table had gaps between Ac and Re
// (0/2, 1/3, 1/4, 2/5, ...) with a lot between the two accepted but
// normal inspection reinstated; the 1999 edition removed those and this
// package follows the 1999 edition.
const table2CText = `
A v v v v v v v v v v v v v v 0/1 v v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15
B v v v v v v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22
C v v v v v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^
D v v v v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^ ^
E v v v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 14/15 21/22 ^ ^ ^
F v v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^
G v v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^
H v v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^
J v v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^
K v v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
L v v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
M v v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
N v v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
P v 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
Q 0/1 ^ v 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
R ^ ^ 1/2 1/2 2/3 3/4 5/6 6/7 8/9 10/11 ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^ ^
`
