package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/escalation-steps", url: fixed("/api/v1/escalation-steps"), want: staffGets(200)},
		authzRow{method: "PUT", path: "/api/v1/escalation-steps", url: fixed("/api/v1/escalation-steps"),
			body: func(int64) any {
				return map[string]any{"steps": []map[string]any{{"after_hours": 48, "to_supplier": true}, {"after_hours": 96, "to_admins": true}}}
			}, want: adminGets(200)},
		authzRow{method: "GET", path: "/api/v1/orders/:id/escalations", url: func(e *env) string {
			return fmt.Sprintf("/api/v1/orders/%d/escalations", e.fixtureOrder())
		}, want: staffGets(200)},
	)
}

// TestEscalationLadder: an order at risk whose factory leaves a chase
// unanswered climbs the ladder — step 1 after 48 h tells the factory's
// users and the named lead, step 2 after 96 h the admins too — each step
// once, visible on the order; an answer stops it.
func TestEscalationLadder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		oid := e.fixtureOrder()
		o, _ := e.store.GetOrder(ctx, oid, models.Scope{})
		if o.RiskLevel != "at_risk" && o.RiskLevel != "late" {
			t.Fatalf("the fixture order is %s; the test wants it at risk", o.RiskLevel)
		}
		// The ladder: a lead at 48 h with the factory, admins at 96 h.
		bad := e.as("admin", "PUT", "/api/v1/escalation-steps", map[string]any{"steps": []map[string]any{
			{"after_hours": 48, "to_supplier": true}, {"after_hours": 24, "to_admins": true}, {"after_hours": 100}}})
		if bad.status != 422 || bad.fieldCode(t, "steps[1].after_hours") != "not_after_previous" || bad.fieldCode(t, "steps[2]") != "nobody_to_tell" {
			t.Fatalf("bad ladder: %d %s", bad.status, bad.body)
		}
		if r := e.as("admin", "PUT", "/api/v1/escalation-steps", map[string]any{"steps": []map[string]any{
			{"after_hours": 48, "to_supplier": true, "user_ids": []int64{e.users["factory"].ID}}}}); r.fieldCode(t, "steps") != "not_staff" {
			t.Errorf("a factory user as lead: %d %s", r.status, r.body)
		}
		lead := e.users["admin"].ID
		if r := e.as("admin", "PUT", "/api/v1/escalation-steps", map[string]any{"steps": []map[string]any{
			{"after_hours": 48, "to_supplier": true, "user_ids": []int64{lead}}, {"after_hours": 96, "to_admins": true}}}); r.status != 200 {
			t.Fatalf("ladder: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", "/api/v1/chases", map[string]any{"order_id": oid, "channel": "called", "said": "请今天回复面料情况"}); r.status != 201 {
			t.Fatalf("chase: %d %s", r.status, r.body)
		}
		count := func(who string) int {
			ns, _ := e.store.ListNotifications(ctx, &e.users[who].ID, nil)
			return len(ofKind(ns, models.NotifyEscalated))
		}
		escalate := func(want int) {
			t.Helper()
			if n, err := e.store.Escalate(ctx, e.clock.Now()); err != nil || n != want {
				t.Fatalf("escalate: %d, %v; want %d", n, err, want)
			}
		}
		e.clock.Advance(47 * time.Hour)
		escalate(0)
		e.clock.Advance(2 * time.Hour)
		escalate(1)
		escalate(0) // again, or on another node: nothing more
		if count("factory") != 1 || count("factory2") != 1 || count("admin") != 1 || count("merch") != 0 {
			t.Errorf("step 1 told factory %d, factory2 %d, admin (the lead) %d, merch %d",
				count("factory"), count("factory2"), count("admin"), count("merch"))
		}
		e.clock.Advance(48 * time.Hour)
		escalate(1)
		if count("admin") != 2 || count("factory") != 1 {
			t.Errorf("step 2: admin %d, factory %d", count("admin"), count("factory"))
		}
		r := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/escalations", oid), nil)
		items := r.json(t)["items"].([]any)
		if len(items) != 2 || num(items[0].(map[string]any), "step") != 2 || items[0].(map[string]any)["trigger"] != "chase" {
			t.Errorf("on the order: %s", r.body)
		}
		acts := e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil)
		if n := countKind(acts.json(t)["items"].([]any), models.ActEscalated); n != 2 {
			t.Errorf("%d escalation events in the activity", n)
		}
		// The factory answers; a later chase starts the ladder again from its own time.
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "面料明天到"}); r.status != 201 {
			t.Fatalf("answer: %d", r.status)
		}
		e.clock.Advance(100 * time.Hour)
		escalate(0)
	})
}

func countKind(items []any, kind string) int {
	n := 0
	for _, it := range items {
		if it.(map[string]any)["kind"] == kind {
			n++
		}
	}
	return n
}

// TestEscalationMailsTheSuppliersContact: a step that tells the factory
// e-mails its contact (the manager, not a user) too, in Chinese, and no
// user sees that copy in-app; a contact who is one of its users is told once.
func TestEscalationMailsTheSuppliersContact(t *testing.T) {
	models.SetNotifyConfig(models.NotifyConfig{Email: true})
	t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		oid := e.fixtureOrder()
		sid := e.suppliers["jinling"].ID
		if r := e.as("admin", "PUT", "/api/v1/escalation-steps", map[string]any{"steps": []map[string]any{
			{"after_hours": 48, "to_supplier": true}, {"after_hours": 96, "to_supplier": true}}}); r.status != 200 {
			t.Fatalf("ladder: %d %s", r.status, r.body)
		}
		contact := func(addr string) {
			if err := e.store.Gorm().Model(&models.Supplier{}).Where("id = ?", sid).Update("contact_email", addr).Error; err != nil {
				t.Fatal(err)
			}
		}
		contact("Boss@Jinling.test")
		if r := e.as("merch", "POST", "/api/v1/chases", map[string]any{"order_id": oid, "channel": "called", "said": "请回复"}); r.status != 201 {
			t.Fatalf("chase: %d %s", r.status, r.body)
		}
		toContact := func() []models.NotificationSend {
			var out []models.NotificationSend
			if err := e.store.Gorm().Where("user_id IS NULL").Order("id").Find(&out).Error; err != nil {
				t.Fatal(err)
			}
			return out
		}
		e.clock.Advance(49 * time.Hour)
		if n, err := e.store.Escalate(ctx, e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("escalate: %d, %v", n, err)
		}
		sends := toContact()
		if len(sends) != 1 || sends[0].Target != "Boss@Jinling.test" || sends[0].Channel != models.ChannelEmail {
			t.Fatalf("sends to the contact: %+v", sends)
		}
		ns, _ := e.store.ListNotifications(ctx, &e.users["factory"].ID, nil)
		if got := len(ofKind(ns, models.NotifyEscalated)); got != 1 {
			t.Errorf("factory sees %d escalations in-app, want 1", got)
		}
		if r := e.as("factory", "GET", "/api/v1/notifications/unread-count", nil); r.status != 200 {
			t.Fatalf("unread: %d", r.status)
		}
		claimed, _, err := e.store.ClaimSends(ctx, "node-t", 100, time.Minute)
		var mine *models.ClaimedSend
		for i := range claimed {
			if claimed[i].Send.ID == sends[0].ID {
				mine = &claimed[i]
			}
		}
		if err != nil || mine == nil || mine.Locale != "zh-CN" || mine.Notification.Kind != models.NotifyEscalated || mine.PONumber == "" {
			t.Fatalf("claimed contact send: %+v, %v", mine, err)
		}
		// The contact is a user of the supplier: that user's own mail is enough.
		contact(strings.ToUpper(e.users["factory"].Email))
		e.clock.Advance(48 * time.Hour)
		if n, err := e.store.Escalate(ctx, e.clock.Now()); err != nil || n != 1 {
			t.Fatalf("escalate step 2: %d, %v", n, err)
		}
		if got := len(toContact()); got != 1 {
			t.Errorf("%d sends to the contact after step 2, want still 1", got)
		}
	})
}
