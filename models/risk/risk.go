package risk

import "time"

// DefaultConfig returns the documented default thresholds.
func DefaultConfig() Config {
	return Config{OutputWindowDays: 7, NoUpdateDays: 3, SampleWindowDays: 7, DeliveryBookDays: 10, AtRiskSlackDays: 2, LateOverdueDays: 10}
}

// Evaluate is being written (issue 14): for now every live order is on track.
func Evaluate(in Input, cfg Config) Result {
	switch in.OrderStatus {
	case "shipped", "closed", "cancelled":
		return Result{Level: Done}
	}
	return Result{Level: OnTrack, Projected: in.ExFactory}
}

// Normalize fills zero thresholds with the defaults.
func (c Config) Normalize() Config { return c }

// WorkdaysBetween is being written: calendar days for now.
func (c Calendar) WorkdaysBetween(from, to string) int {
	a, _ := time.Parse("2006-01-02", from)
	b, _ := time.Parse("2006-01-02", to)
	return int(b.Sub(a).Hours() / 24)
}

// Today is the date in the calendar's zone.
func (c Calendar) Today(now time.Time) string {
	if c.Zone == nil {
		return now.UTC().Format("2006-01-02")
	}
	return now.In(c.Zone).Format("2006-01-02")
}
