package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// NotificationSettings are one user's choices for the outside channels
// (docs/NOTIFICATIONS.md): the kinds each channel leaves out, and quiet
// hours — local "HH:MM" from and to, in the user's time zone — when those
// sends wait. In-app notifications are never left out.
type NotificationSettings struct {
	UserID       int64  `gorm:"primaryKey"`
	DisabledJSON string `gorm:"column:disabled"`
	QuietFrom    string
	QuietTo      string
	UpdatedAt    time.Time

	Disabled map[string][]string `gorm:"-"` // channel → kinds
}

// OutsideChannels are the channels settings choose for.
var OutsideChannels = []string{ChannelEmail, ChannelPush}

var clockRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// SaveNotificationSettings replaces a user's settings.
func (s *Store) SaveNotificationSettings(ctx context.Context, userID int64, disabled map[string][]string, from, to string) (*NotificationSettings, error) {
	v := &ValidationError{}
	clean := map[string][]string{}
	for ch, kinds := range disabled {
		if !slices.Contains(OutsideChannels, ch) {
			v.Add("disabled", "one_of", "allowed", strings.Join(OutsideChannels, ", "))
			continue
		}
		for _, k := range kinds {
			if !slices.Contains(NotificationKinds, k) {
				v.Add("disabled."+ch, "one_of", "allowed", strings.Join(NotificationKinds, ", "))
			}
		}
		clean[ch] = uniqStrings(kinds)
		slices.Sort(clean[ch])
	}
	if (from == "") != (to == "") {
		v.Add("quiet_hours", "required_with", "field", "from, to")
	} else if from != "" {
		if !clockRe.MatchString(from) {
			v.Add("quiet_hours.from", "invalid_clock_time")
		}
		if !clockRe.MatchString(to) {
			v.Add("quiet_hours.to", "invalid_clock_time")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	b, _ := json.Marshal(clean)
	ns := &NotificationSettings{UserID: userID, DisabledJSON: string(b), QuietFrom: from, QuietTo: to,
		UpdatedAt: s.clock.Now().UTC(), Disabled: clean}
	err := s.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"disabled", "quiet_from", "quiet_to", "updated_at"})}).Create(ns).Error
	if err != nil {
		return nil, fmt.Errorf("save notification settings: %w", err)
	}
	return ns, nil
}

// NotificationSettingsOf is a user's settings (none saved: everything on,
// no quiet hours).
func (s *Store) NotificationSettingsOf(ctx context.Context, userID int64) (*NotificationSettings, error) {
	var ns NotificationSettings
	err := s.conn(ctx).Where("user_id = ?", userID).Take(&ns).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &NotificationSettings{UserID: userID, Disabled: map[string][]string{}}, nil
	} else if err != nil {
		return nil, err
	}
	ns.Disabled = map[string][]string{}
	_ = json.Unmarshal([]byte(ns.DisabledJSON), &ns.Disabled)
	return &ns, nil
}

// NotifyZone is the time zone a user's quiet hours are in: a factory
// user's supplier's, else the default.
func (s *Store) NotifyZone(ctx context.Context, userID int64) (string, error) {
	zones, err := notifyZones(s.conn(ctx), []int64{userID})
	return zones[userID], err
}

func notifyZones(tx *gorm.DB, users []int64) (map[int64]string, error) {
	var rows []struct {
		ID       int64
		TimeZone *string
	}
	if err := tx.Table("users").Select("users.id, suppliers.time_zone").
		Joins("LEFT JOIN suppliers ON suppliers.id = users.supplier_id AND users.role = ?", RoleFactory).
		Where("users.id IN ?", users).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(rows))
	for _, r := range rows {
		out[r.ID] = DefaultTimeZone
		if r.TimeZone != nil && *r.TimeZone != "" {
			out[r.ID] = *r.TimeZone
		}
	}
	return out, nil
}

// quietUntil is when a send held by quiet hours may go: now itself when
// now is outside them. The hours may span midnight (22:00–07:00).
func quietUntil(now time.Time, zone, from, to string) time.Time {
	if from == "" || from == to {
		return now
	}
	loc, ok := LoadZone(zone)
	if !ok {
		return now
	}
	local := now.In(loc)
	at := func(hhmm string, day time.Time) time.Time {
		t, _ := time.ParseInLocation("15:04", hhmm, loc)
		return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, loc)
	}
	start, end := at(from, local), at(to, local)
	if !end.After(start) { // across midnight
		if local.Before(end) {
			return end.UTC()
		}
		if !local.Before(start) {
			return end.AddDate(0, 0, 1).UTC()
		}
		return now
	}
	if !local.Before(start) && local.Before(end) {
		return end.UTC()
	}
	return now
}

// applySettings drops the sends their users turned off and holds the rest
// until the users' quiet hours end. Chat sends are the group's, not a
// user's: they go as they are.
func applySettings(tx *gorm.DB, sends []NotificationSend, kind string) ([]NotificationSend, error) {
	var users []int64
	for _, sd := range sends {
		if sd.Channel != ChannelChat && sd.UserID != nil {
			users = append(users, *sd.UserID)
		}
	}
	if len(users) == 0 {
		return sends, nil
	}
	var rows []NotificationSettings
	if err := tx.Where("user_id IN ?", uniq(users)).Find(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return sends, nil
	}
	byUser := map[int64]*NotificationSettings{}
	var quiet []int64
	for i := range rows {
		r := &rows[i]
		r.Disabled = map[string][]string{}
		_ = json.Unmarshal([]byte(r.DisabledJSON), &r.Disabled)
		byUser[r.UserID] = r
		if r.QuietFrom != "" {
			quiet = append(quiet, r.UserID)
		}
	}
	zones := map[int64]string{}
	if len(quiet) > 0 {
		var err error
		if zones, err = notifyZones(tx, quiet); err != nil {
			return nil, err
		}
	}
	out := sends[:0]
	for _, sd := range sends {
		var st *NotificationSettings
		ok := sd.UserID != nil
		if ok {
			st, ok = byUser[*sd.UserID]
		}
		if sd.Channel == ChannelChat || !ok {
			out = append(out, sd)
			continue
		}
		if slices.Contains(st.Disabled[sd.Channel], kind) {
			continue
		}
		sd.NextAttemptAt = quietUntil(sd.NextAttemptAt, zones[*sd.UserID], st.QuietFrom, st.QuietTo)
		out = append(out, sd)
	}
	return out, nil
}
