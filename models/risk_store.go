package models

import (
	"context"
	"time"
)

// RiskZones lists the time zones of the suppliers that have live orders:
// the daily risk sweep runs once per zone and factory day.
func (s *Store) RiskZones(ctx context.Context) ([]string, error) {
	var zones []string
	err := s.conn(ctx).Model(&Supplier{}).Distinct("time_zone").
		Where("id IN (?)", s.conn(ctx).Model(&Order{}).Select("supplier_id").Where("status IN ?", liveOrderStatuses)).
		Order("time_zone").Pluck("time_zone", &zones).Error
	return zones, err
}

// RecomputeRiskZone recomputes and stores the risk of every live order
// whose supplier is in zone, as of now; it returns how many orders it
// computed. (Being written: issue 14.)
func (s *Store) RecomputeRiskZone(ctx context.Context, zone string, now time.Time) (int, error) {
	var n int64
	err := s.conn(ctx).Model(&Order{}).Where("status IN ? AND supplier_id IN (?)", liveOrderStatuses,
		s.conn(ctx).Model(&Supplier{}).Select("id").Where("time_zone = ?", zone)).Count(&n).Error
	return int(n), err
}
