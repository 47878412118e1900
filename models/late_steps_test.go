package models_test

import (
	"slices"
	"testing"

	"gendan/models"
)

func TestCompressLate(t *testing.T) {
	for _, tc := range []struct {
		name  string
		dates []string
		today string
		want  []string
	}{
		{"nothing late", []string{"2026-03-01", "2026-03-10"}, "2026-03-01", []string{"2026-03-01", "2026-03-10"}},
		{"empty", nil, "2026-03-01", []string{}},
		// span 2026-01-01 … 2026-03-01 (59 days) onto 2026-02-01 … 2026-03-01 (28 days).
		{"proportional", []string{"2026-01-01", "2026-01-31", "2026-03-01"}, "2026-02-01",
			[]string{"2026-02-01", "2026-02-15", "2026-03-01"}},
		{"later steps stay", []string{"2026-01-01", "2026-01-20", "2026-02-10", "2026-03-01"}, "2026-02-01",
			[]string{"2026-02-01", "2026-02-05", "2026-02-10", "2026-03-01"}},
		{"equal dates stay equal", []string{"2026-01-10", "2026-01-10", "2026-02-11"}, "2026-02-01",
			[]string{"2026-02-01", "2026-02-01", "2026-02-11"}},
		{"no time left: all on today", []string{"2026-01-01", "2026-01-15", "2026-02-01"}, "2026-02-01",
			[]string{"2026-02-01", "2026-02-01", "2026-02-01"}},
		{"every date past: all on today", []string{"2026-01-01", "2026-01-15"}, "2026-02-01",
			[]string{"2026-02-01", "2026-02-01"}},
		// the default apparel template 8 weeks (56 days) before ex-factory 2026-04-30:
		// lab dip at -75 and fit sample at -63 are before today 2026-03-05.
		{"eight weeks", []string{"2026-02-14", "2026-02-26", "2026-03-16", "2026-04-30"}, "2026-03-05",
			[]string{"2026-03-05", "2026-03-09", "2026-03-16", "2026-04-30"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := models.CompressLate(tc.dates, tc.today)
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Fatalf("CompressLate(%v, %s) = %v, want %v", tc.dates, tc.today, got, tc.want)
			}
			if !slices.IsSorted(got) {
				t.Fatalf("plan order lost: %v", got)
			}
			for i, d := range got {
				if d < tc.today && len(tc.dates) > 0 && tc.dates[0] < tc.today {
					t.Fatalf("step %d still before today: %s", i, d)
				}
				if tc.dates[i] >= tc.today && d != tc.dates[i] {
					t.Fatalf("step %d on %s moved to %s", i, tc.dates[i], d)
				}
			}
		})
	}
}
