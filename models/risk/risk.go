package risk

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
