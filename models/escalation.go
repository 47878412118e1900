package models

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// EscalationStep is one rung of the ladder admins configure: after
// AfterHours without an answer from the factory, tell its users
// (ToSupplier), every admin (ToAdmins) and the named users (the
// merchandisers' leads, UserIDs).
type EscalationStep struct {
	ID         int64 `gorm:"primaryKey"`
	Position   int
	AfterHours int
	ToSupplier bool
	ToAdmins   bool
	UserIDsRaw string `gorm:"column:user_ids"`
	UpdatedAt  time.Time

	UserIDs []int64 `gorm:"-"`
}

// Escalation is a step an order reached for one unanswered chase or comment.
type Escalation struct {
	ID          int64 `gorm:"primaryKey"`
	OrderID     int64
	Position    int
	AfterHours  int
	TriggerKind string // "chase" | "comment"
	TriggerAt   time.Time
	CreatedAt   time.Time
}

// Kinds of escalation.
const (
	NotifyEscalated = "escalated"
	ActEscalated    = "order_escalated"
)

// EscalationLadder is the ladder in order.
func (s *Store) EscalationLadder(ctx context.Context) ([]EscalationStep, error) {
	var steps []EscalationStep
	if err := s.conn(ctx).Order("position").Find(&steps).Error; err != nil {
		return nil, err
	}
	for i := range steps {
		steps[i].UserIDs = []int64{}
		_ = json.Unmarshal([]byte(steps[i].UserIDsRaw), &steps[i].UserIDs)
	}
	return steps, nil
}

// SetEscalationLadder replaces the ladder: steps in order, each later than
// the one before, naming someone, with users who are staff.
func (s *Store) SetEscalationLadder(ctx context.Context, steps []EscalationStep) ([]EscalationStep, error) {
	v := &ValidationError{}
	if len(steps) > 10 {
		v.Add("steps", "too_many", "max", 10)
	}
	prev := 0
	var ids []int64
	for i, st := range steps {
		f := fmt.Sprintf("steps[%d]", i)
		if st.AfterHours < 1 || st.AfterHours > 24*30 {
			v.Add(f+".after_hours", "out_of_range", "min", 1, "max", 24*30)
		} else if st.AfterHours <= prev {
			v.Add(f+".after_hours", "not_after_previous", "previous", prev)
		}
		prev = max(prev, st.AfterHours)
		if !st.ToSupplier && !st.ToAdmins && len(st.UserIDs) == 0 {
			v.Add(f, "nobody_to_tell")
		}
		ids = append(ids, st.UserIDs...)
	}
	if len(ids) > 0 {
		var n int64
		if err := s.conn(ctx).Model(&User{}).Where("id IN ? AND role IN ?", uniq(ids), []Role{RoleAdmin, RoleMerchandiser}).
			Count(&n).Error; err != nil {
			return nil, err
		}
		if int(n) != len(uniq(ids)) {
			v.Add("steps", "not_staff")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.clock.Now().UTC()
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("1 = 1").Delete(&EscalationStep{}).Error; err != nil {
			return err
		}
		for i := range steps {
			b, _ := json.Marshal(uniq(append([]int64{}, steps[i].UserIDs...)))
			row := EscalationStep{Position: i + 1, AfterHours: steps[i].AfterHours, ToSupplier: steps[i].ToSupplier,
				ToAdmins: steps[i].ToAdmins, UserIDsRaw: string(b), UpdatedAt: now}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.EscalationLadder(ctx)
}

// OrderEscalations lists the steps an order reached, newest first.
func (s *Store) OrderEscalations(ctx context.Context, orderID int64) ([]Escalation, error) {
	if err := s.orderExists(ctx, orderID); err != nil {
		return nil, err
	}
	var out []Escalation
	return out, s.conn(ctx).Where("order_id = ?", orderID).Order("id DESC").Find(&out).Error
}

// ContactLocale is the language of mail to a supplier's contact, who is
// not a user and has no setting of their own: the factories' language.
const ContactLocale = "zh-CN"

// contactSend e-mails an escalation to the supplier's contact address (its
// manager, DESIGN's 厂长) when e-mail is on, unless a user of the supplier
// has that address and is told already. The send hangs on a notification
// of no user (in-app shows nobody it) and goes out in ContactLocale.
func contactSend(tx *gorm.DB, now time.Time, supplierID, orderID int64, data map[string]any) error {
	if !currentNotifyConfig().Email {
		return nil
	}
	var sup Supplier
	if err := tx.Select("id, contact_email").Where("id = ?", supplierID).Take(&sup).Error; err != nil {
		return fmt.Errorf("escalation contact: %w", err)
	}
	addr := strings.TrimSpace(sup.ContactEmail)
	if addr == "" {
		return nil
	}
	var users int64
	if err := tx.Model(&User{}).Where("supplier_id = ? AND active = ? AND LOWER(email) = ?", supplierID, true, strings.ToLower(addr)).
		Count(&users).Error; err != nil || users > 0 {
		return err
	}
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	n := Notification{SupplierID: &supplierID, Kind: NotifyEscalated, OrderID: orderID, Data: string(b), CreatedAt: now}
	if err := tx.Create(&n).Error; err != nil {
		return fmt.Errorf("escalation contact: %w", err)
	}
	return tx.Create(&NotificationSend{NotificationID: n.ID, Channel: ChannelEmail, Target: addr, Status: SendPending,
		NextAttemptAt: now, CreatedAt: now}).Error
}

// latestBy is each order's latest row of a table, optionally by one side:
// the highest id (ids grow with time), then its created_at — an aggregate
// of a time comes back from SQLite as text.
func latestBy(db *gorm.DB, table string, ids []int64, roles []Role) (map[int64]time.Time, error) {
	q := db.Table(table+" t").Select("MAX(t.id)").Where("t.order_id IN ?", ids).Group("t.order_id")
	if roles != nil {
		col := map[string]string{"comments": "author_id", "chase_logs": "created_by", "progress_reports": "reported_by"}[table]
		q = q.Joins("JOIN users u ON u.id = t."+col).Where("u.role IN ?", roles)
	}
	var last []int64
	if err := q.Pluck("MAX(t.id)", &last).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]time.Time, len(last))
	if len(last) == 0 {
		return out, nil
	}
	var rows []struct {
		OrderID   int64
		CreatedAt time.Time
	}
	if err := db.Table(table).Select("order_id, created_at").Where("id IN ?", last).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.OrderID] = r.CreatedAt
	}
	return out, nil
}

// Escalate climbs the ladder for every live order at risk or late whose
// factory has not answered (a comment or a progress report) since the
// merchandiser's latest chase or comment. Each step is recorded once per
// order and unanswered message — the unique row is the claim, so several
// nodes running it at once escalate once — with its notifications and an
// activity event in the same transaction. It returns the steps taken.
func (s *Store) Escalate(ctx context.Context, now time.Time) (int, error) {
	ladder, err := s.EscalationLadder(ctx)
	if err != nil || len(ladder) == 0 {
		return 0, err
	}
	var orders []struct{ ID, SupplierID, MerchandiserID int64 }
	if err := s.conn(ctx).Model(&Order{}).Select("id, supplier_id, merchandiser_id").
		Where("status IN ? AND risk_level IN ?", liveOrderStatuses, []string{"at_risk", "late"}).Order("id").Find(&orders).Error; err != nil {
		return 0, err
	}
	taken := 0
	for part := range slices.Chunk(orders, 500) {
		ids := make([]int64, len(part))
		for i, o := range part {
			ids[i] = o.ID
		}
		db := s.conn(ctx)
		staff := []Role{RoleAdmin, RoleMerchandiser}
		chases, err := latestBy(db, "chase_logs", ids, nil)
		if err != nil {
			return taken, err
		}
		comments, err := latestBy(db, "comments", ids, staff)
		if err != nil {
			return taken, err
		}
		answers, err := latestBy(db, "comments", ids, []Role{RoleFactory})
		if err != nil {
			return taken, err
		}
		reports, err := latestBy(db, "progress_reports", ids, nil)
		if err != nil {
			return taken, err
		}
		for _, o := range part {
			kind, at := "chase", chases[o.ID]
			if c := comments[o.ID]; c.After(at) {
				kind, at = "comment", c
			}
			if at.IsZero() || answers[o.ID].After(at) || reports[o.ID].After(at) {
				continue
			}
			for _, st := range ladder {
				if now.Sub(at) < time.Duration(st.AfterHours)*time.Hour {
					break
				}
				ok, err := s.escalateOrder(ctx, now, o.ID, o.SupplierID, st, kind, at)
				if err != nil {
					return taken, err
				}
				if ok {
					taken++
				}
			}
		}
	}
	return taken, nil
}

func (s *Store) escalateOrder(ctx context.Context, now time.Time, orderID, supplierID int64, st EscalationStep, kind string, at time.Time) (bool, error) {
	taken := false
	err := s.conn(ctx).Transaction(func(tx *gorm.DB) error {
		e := Escalation{OrderID: orderID, Position: st.Position, AfterHours: st.AfterHours, TriggerKind: kind, TriggerAt: at, CreatedAt: now}
		// The unique row is the claim: a duplicate means the step was
		// reached before, here or on another node (MySQL's "ON DUPLICATE
		// KEY" reports a row affected either way, so the error decides).
		if err := tx.Create(&e).Error; isDuplicate(err) {
			return nil
		} else if err != nil {
			return err
		}
		taken = true
		data := map[string]any{"step": st.Position, "hours": st.AfterHours, "trigger": kind, "since": at.UTC()}
		if st.ToSupplier {
			if err := addNotification(tx, now, Notification{SupplierID: &supplierID, Kind: NotifyEscalated, OrderID: orderID}, data); err != nil {
				return err
			}
			if err := contactSend(tx, now, supplierID, orderID, data); err != nil {
				return err
			}
		}
		users := append([]int64{}, st.UserIDs...)
		if st.ToAdmins {
			var admins []int64
			if err := tx.Model(&User{}).Where("role = ? AND active = ?", RoleAdmin, true).Pluck("id", &admins).Error; err != nil {
				return err
			}
			users = append(users, admins...)
		}
		for _, uid := range uniq(users) {
			if err := addNotification(tx, now, Notification{UserID: &uid, Kind: NotifyEscalated, OrderID: orderID}, data); err != nil {
				return err
			}
		}
		return addActivity(tx, now, orderID, nil, ActEscalated, false, data)
	})
	return taken, err
}
