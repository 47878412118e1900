package models

import (
	"testing"
	"time"
)

func TestQuietUntil(t *testing.T) {
	loc, _ := LoadZone("Asia/Shanghai")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ now, from, to, want string }{
		{"2026-12-03 23:30", "22:00", "07:00", "2026-12-04 07:00"}, // across midnight, evening
		{"2026-12-04 03:10", "22:00", "07:00", "2026-12-04 07:00"}, // across midnight, night
		{"2026-12-04 07:00", "22:00", "07:00", "2026-12-04 07:00"}, // the end itself: go
		{"2026-12-04 12:00", "22:00", "07:00", "2026-12-04 12:00"}, // outside
		{"2026-12-04 12:30", "12:00", "13:30", "2026-12-04 13:30"}, // a lunch break
		{"2026-12-04 11:59", "12:00", "13:30", "2026-12-04 11:59"},
		{"2026-12-04 12:30", "", "", "2026-12-04 12:30"}, // none
	} {
		got := quietUntil(at(c.now).UTC(), "Asia/Shanghai", c.from, c.to)
		if !got.Equal(at(c.want)) {
			t.Errorf("%s with quiet %s–%s: %s, want %s", c.now, c.from, c.to, got.In(loc).Format("2006-01-02 15:04"), c.want)
		}
	}
}
