package models

import "time"

// Clock is injected wherever time matters (token expiry, rate windows, risk),
// so tests can move it.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock, always in UTC.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now().UTC() }
