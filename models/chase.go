package models

import "time"

// ChaseLog is one follow-up of a merchandiser with a factory (跟进记录):
// how they reached it, what it said, the date it promised and when to
// follow up next. Together the chase logs are the work diary (工作日记).
type ChaseLog struct {
	ID          int64 `gorm:"primaryKey"`
	OrderID     *int64
	SupplierID  int64
	MilestoneID *int64
	Topic       string
	Channel     string
	Said        string
	// PromisedDate is what the factory promised; PreviousPromisedDate the
	// latest earlier promise on the same order (and step), so a promise
	// that slips again shows.
	PromisedDate         string
	PreviousPromisedDate string
	NextFollowUp         string
	CreatedBy            int64
	CreatedAt            time.Time
}

// JobRun is the lease row of one run of a scheduled job (risk_store.go):
// the node that holds it, until when, and whether it finished.
type JobRun struct {
	ID         int64 `gorm:"primaryKey"`
	Job        string
	RunKey     string
	Holder     string
	StartedAt  time.Time
	LeaseUntil time.Time
	FinishedAt *time.Time
	Attempts   int
	RowsDone   int
}
