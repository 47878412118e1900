package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// ofKind keeps the notifications of one kind.
func ofKind(ns []models.Notification, kind string) []models.Notification {
	var out []models.Notification
	for _, n := range ns {
		if n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// notifyFixture is a comment by the merchandiser on the fixture order: one
// notification for each jinling factory user. It returns factory's.
func (e *env) notifyFixture() int64 {
	e.t.Helper()
	oid := e.fixtureOrder()
	if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "请确认面料到厂日期"}); r.status != 201 {
		e.t.Fatalf("comment: %d %s", r.status, r.body)
	}
	ns, err := e.store.ListNotifications(context.Background(), &e.users["factory"].ID, nil)
	if err != nil || len(ofKind(ns, models.NotifyCommentAdded)) == 0 {
		e.t.Fatalf("factory notifications: %v %+v", err, ns)
	}
	return ofKind(ns, models.NotifyCommentAdded)[0].ID
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/notifications", url: fixed("/api/v1/notifications"), want: everyoneSignedIn(200)},
		authzRow{method: "GET", path: "/api/v1/notification-failures", url: fixed("/api/v1/notification-failures"), want: adminGets(200)},
		authzRow{method: "POST", path: "/api/v1/notification-failures/:id/retry", url: fixed("/api/v1/notification-failures/999999/retry"),
			want: adminGets(404)},
		authzRow{method: "GET", path: "/api/v1/notifications/unread-count", url: fixed("/api/v1/notifications/unread-count"), want: everyoneSignedIn(200)},
		authzRow{method: "POST", path: "/api/v1/notifications/read-all", url: fixed("/api/v1/notifications/read-all"), want: everyoneSignedIn(200)},
		// Only its recipient reads one: everyone else, staff included, gets 404.
		authzRow{method: "POST", path: "/api/v1/notifications/:id/read", url: func(e *env) string {
			return fmt.Sprintf("/api/v1/notifications/%d/read", e.notifyFixture())
		}, want: map[string]int{"anon": 401, "admin": 404, "merch": 404, "factory": 200, "foreign": 404, "qc": 404, "qcforeign": 404}},
	)
}

func TestInAppNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ctx := context.Background()
		comment := func(who, body string) {
			t.Helper()
			if r := e.as(who, "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": body}); r.status != 201 {
				t.Fatalf("comment by %s: %d %s", who, r.status, r.body)
			}
		}
		// Staff write → each factory user of the supplier; the factory's
		// answer → the merchandiser. Nobody is told of their own comment.
		comment("merch", "请确认面料到厂日期")
		comment("factory", "面料周五到厂")
		for who, want := range map[string]int{"factory": 1, "factory2": 1, "merch": 1, "foreign": 0, "admin": 0} {
			ns, _ := e.store.ListNotifications(ctx, &e.users[who].ID, nil)
			if got := len(ofKind(ns, models.NotifyCommentAdded)); got != want {
				t.Errorf("%s: %d comment notifications, want %d", who, got, want)
			}
		}
		r := e.as("merch", "GET", "/api/v1/notifications", nil)
		m := r.json(t)
		items := m["items"].([]any)
		var got map[string]any
		for _, it := range items {
			if it.(map[string]any)["kind"] == "comment_added" {
				got = it.(map[string]any)
			}
		}
		if r.status != 200 || got == nil || got["path"] != fmt.Sprintf("/orders/%d", oid) ||
			got["actor"].(map[string]any)["name"] != e.users["factory"].Name ||
			got["order"].(map[string]any)["po_number"] == "" || got["data"].(map[string]any)["excerpt"] != "面料周五到厂" {
			t.Fatalf("merch list: %d %s", r.status, r.body)
		}

		// A chase, a revision and a cancellation reach the factory users too.
		if r := e.as("merch", "POST", "/api/v1/chases", map[string]any{"order_id": oid, "channel": "called", "said": "周五交"}); r.status != 201 {
			t.Fatalf("chase: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "PATCH", fmt.Sprintf("/api/v1/orders/%d", oid), map[string]any{"total_quantity": 1100,
			"lines": []map[string]any{{"colour": "Navy 藏青", "size": "M", "quantity": 700}, {"colour": "Navy 藏青", "size": "L", "quantity": 400}}}); r.status != 200 {
			t.Fatalf("revise: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/cancel", oid), map[string]any{"reason": "客户取消"}); r.status != 200 {
			t.Fatalf("cancel: %d %s", r.status, r.body)
		}
		ns, _ := e.store.ListNotifications(ctx, &e.users["factory2"].ID, nil)
		for _, k := range []string{models.NotifyChaseLogged, models.NotifyOrderRevised, models.NotifyOrderCancelled} {
			if len(ofKind(ns, k)) != 1 {
				t.Errorf("factory2 has %d %s notifications: %+v", len(ofKind(ns, k)), k, ns)
			}
		}

		// Unread first, then read; the count; read one; read all.
		count := func(who string) int64 {
			t.Helper()
			r := e.as(who, "GET", "/api/v1/notifications/unread-count", nil)
			if r.status != 200 {
				t.Fatalf("count: %d", r.status)
			}
			return num(r.json(t), "unread")
		}
		before := count("factory")
		if before < 4 {
			t.Fatalf("factory unread: %d", before)
		}
		fns, _ := e.store.ListNotifications(ctx, &e.users["factory"].ID, nil)
		oldest := fns[len(fns)-1].ID
		rr := e.as("factory", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", oldest), nil)
		if rr.status != 200 || rr.json(t)["notification"].(map[string]any)["read_at"] == nil || count("factory") != before-1 {
			t.Fatalf("read one: %d %s", rr.status, rr.body)
		}
		if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/notifications/%d/read", oldest), nil); r.status != 200 || count("factory") != before-1 {
			t.Errorf("read again: %d", r.status)
		}
		page := e.as("factory", "GET", "/api/v1/notifications?limit=2", nil).json(t)
		first := page["items"].([]any)
		if len(first) != 2 || first[0].(map[string]any)["read_at"] != nil || page["next_cursor"] == "" || num(page, "unread") != before-1 {
			t.Fatalf("first page: %v", page)
		}
		// Walk every page: each notification once, the read one last.
		seen := map[int64]bool{}
		var last map[string]any
		for cursor := ""; ; {
			p := e.as("factory", "GET", "/api/v1/notifications?limit=2&cursor="+cursor, nil).json(t)
			for _, it := range p["items"].([]any) {
				n := it.(map[string]any)
				if seen[num(n, "id")] {
					t.Fatalf("notification %d on two pages", num(n, "id"))
				}
				seen[num(n, "id")] = true
				last = n
			}
			if cursor = p["next_cursor"].(string); cursor == "" {
				break
			}
		}
		if len(seen) != len(fns) || num(last, "id") != oldest {
			t.Errorf("pages gave %d of %d, last %v (want the read one, %d)", len(seen), len(fns), last["id"], oldest)
		}
		if r := e.as("factory", "GET", "/api/v1/notifications?cursor=x1", nil); r.status != 422 {
			t.Errorf("bad cursor: %d", r.status)
		}
		all := e.as("factory", "POST", "/api/v1/notifications/read-all", nil).json(t)
		if num(all, "marked") != before-1 || num(all, "unread") != 0 || count("factory") != 0 {
			t.Errorf("read all: %v", all)
		}
		// factory2's are its own: untouched by factory reading.
		if count("factory2") == 0 {
			t.Error("factory2's notifications were marked by factory")
		}
		// Another's notification is 404, staff included.
		for _, who := range []string{"factory2", "foreign", "merch"} {
			if r := e.as(who, "POST", fmt.Sprintf("/api/v1/notifications/%d/read", oldest), nil); r.status != 404 {
				t.Errorf("%s reads factory's notification: %d", who, r.status)
			}
		}
	})
}

// TestNotificationsFollowTheUsersSupplier: a factory user moved to another
// supplier no longer sees the first supplier's notifications.
func TestNotificationsFollowTheUsersSupplier(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	e.notifyFixture()
	count := func() int64 {
		return num(e.as("factory", "GET", "/api/v1/notifications/unread-count", nil).json(t), "unread")
	}
	if count() == 0 {
		t.Fatal("no notification before the move")
	}
	other := e.suppliers["huaxing"].ID
	if err := e.store.Gorm().Model(&models.User{}).Where("id = ?", e.users["factory"].ID).Update("supplier_id", other).Error; err != nil {
		t.Fatal(err)
	}
	if n := count(); n != 0 {
		t.Errorf("after moving to huaxing, %d of jinling's notifications show", n)
	}
	if items := e.as("factory", "GET", "/api/v1/notifications", nil).json(t)["items"].([]any); len(items) != 0 {
		t.Errorf("list after the move: %v", items)
	}
}

// TestRiskWorseNotifiesTheMerchandiser: an order turning from on track to
// at risk or late tells its merchandiser, once per change, in the sweep too.
func TestRiskWorseNotifiesTheMerchandiser(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ctx := context.Background()
		merch := e.users["merch"].ID
		worse := func() []models.Notification {
			ns, _ := e.store.ListNotifications(ctx, &merch, nil)
			return ofKind(ns, models.NotifyRiskWorse)
		}
		before := len(worse())
		o, _ := e.store.GetOrder(ctx, oid, models.Scope{})
		// Days pass without a report: the sweep finds the order late.
		e.clock.Advance(70 * 24 * time.Hour)
		if _, err := e.store.RecomputeAllRisk(ctx, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		after, _ := e.store.GetOrder(ctx, oid, models.Scope{})
		if after.RiskLevel != "late" || o.RiskLevel == "late" {
			t.Fatalf("risk %s → %s; the test wants a change to late", o.RiskLevel, after.RiskLevel)
		}
		ws := worse()
		if len(ws) != before+1 || ws[0].OrderID != oid || ws[0].ActorID != nil {
			t.Fatalf("risk notifications: %+v", ws)
		}
		// Recomputing again changes nothing and says nothing.
		if _, err := e.store.RecomputeAllRisk(ctx, e.clock.Now()); err != nil {
			t.Fatal(err)
		}
		if len(worse()) != before+1 {
			t.Errorf("a second sweep notified again: %+v", worse())
		}
	})
}

// TestAdminsSeeFailedSends: a send the dispatcher gave up on is listed for
// admins with its notification, recipient and error.
func TestAdminsSeeFailedSends(t *testing.T) {
	models.SetNotifyConfig(models.NotifyConfig{Email: true})
	t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
	e := newEnv(t, testdb.SQLite(t))
	ctx := context.Background()
	oid := e.fixtureOrder()
	if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "面料到了"}); r.status != 201 {
		t.Fatalf("comment: %d", r.status)
	}
	claimed, token, err := e.store.ClaimSends(ctx, "node-t", 10, time.Minute)
	var sd *models.ClaimedSend
	for i := range claimed {
		if claimed[i].Notification.Kind == models.NotifyCommentAdded {
			sd = &claimed[i]
		}
	}
	if err != nil || sd == nil || sd.Send.Target != "merch@test.example" || sd.Actor != e.users["factory"].Name {
		t.Fatalf("claimed: %+v, %v", claimed, err)
	}
	if _, err := e.store.FinishSend(ctx, sd.Send.ID, token,
		models.SendOutcome{Err: fmt.Errorf("550 5.1.1 no such user"), Permanent: true}, 8, nil); err != nil {
		t.Fatal(err)
	}
	r := e.as("admin", "GET", "/api/v1/notification-failures", nil)
	items := r.json(t)["items"].([]any)
	if r.status != 200 || len(items) != 1 {
		t.Fatalf("failures: %d %s", r.status, r.body)
	}
	f := items[0].(map[string]any)
	if f["kind"] != "comment_added" || f["channel"] != "email" || f["last_error"] != "550 5.1.1 no such user" ||
		f["user"].(map[string]any)["id"] != float64(e.users["merch"].ID) || num(f, "attempts") != 1 ||
		f["status"] != "failed" || fmt.Sprint(f["actions"]) != "[retry]" {
		t.Errorf("failure: %v", f)
	}

	// Retried: pending again with its attempts counted afresh, off the
	// list, and the next claim takes it; a second retry is refused.
	retry := fmt.Sprintf("/api/v1/notification-failures/%d/retry", sd.Send.ID)
	if r := e.as("merch", "POST", retry, nil); r.status != 403 {
		t.Errorf("merchandiser retries: %d", r.status)
	}
	r = e.as("admin", "POST", retry, nil)
	if d := r.json(t); r.status != 200 || d["status"] != "pending" || num(d, "attempts") != 0 || fmt.Sprint(d["actions"]) != "[]" {
		t.Fatalf("retry: %d %s", r.status, r.body)
	}
	if items := e.as("admin", "GET", "/api/v1/notification-failures", nil).json(t)["items"].([]any); len(items) != 0 {
		t.Errorf("still listed after the retry: %v", items)
	}
	again, _, err := e.store.ClaimSends(ctx, "node-u", 10, time.Minute)
	if err != nil || len(again) != 1 || again[0].Send.ID != sd.Send.ID {
		t.Errorf("claim after the retry: %+v, %v", again, err)
	}
	if r := e.as("admin", "POST", retry, nil); r.status != 409 || r.errorCode(t) != "send_not_failed" {
		t.Errorf("retry of a pending send: %d %s", r.status, r.body)
	}
}

// TestOverdueStepsAreNotified: the day after a step's planned date, undone,
// its factory's users and the merchandiser are told; a step planned late at
// confirmation is not a surprise and says nothing.
func TestOverdueStepsAreNotified(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		ms, _ := e.store.ListMilestones(ctx, e.fixtureOrder())
		var step models.Milestone
		for _, m := range ms {
			if !m.PlannedLate && m.Status == models.MilestoneOpen && m.PlannedDate > e.today() {
				step = m
				break
			}
		}
		if step.ID == 0 {
			t.Fatal("no open step planned ahead")
		}
		zone := e.suppliers["jinling"].TimeZone
		day, _ := models.ParseDate(models.AddDays(step.PlannedDate, 1))
		now := day.Add(12 * time.Hour)
		n, err := e.store.NotifyOverdueSteps(ctx, zone, now)
		if err != nil || n < 1 {
			t.Fatalf("overdue steps: %d, %v", n, err)
		}
		for _, who := range []string{"factory", "factory2", "merch"} {
			ns, _ := e.store.ListNotifications(ctx, &e.users[who].ID, nil)
			found := false
			for _, x := range ofKind(ns, models.NotifyStepOverdue) {
				found = found || strings.Contains(x.Data, fmt.Sprintf(`"milestone_id":%d`, step.ID))
			}
			if !found {
				t.Errorf("%s was not told that %s is overdue", who, step.Code)
			}
		}
		for _, m := range ms {
			if m.PlannedLate {
				var c int64
				e.store.Gorm().Model(&models.Notification{}).Where("kind = ? AND data LIKE ?", models.NotifyStepOverdue,
					fmt.Sprintf(`%%"milestone_id":%d,%%`, m.ID)).Count(&c)
				if c != 0 {
					t.Errorf("planned-late step %s notified", m.Code)
				}
			}
		}
	})
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "GET", path: "/api/v1/me/notification-settings", url: fixed("/api/v1/me/notification-settings"), want: everyoneSignedIn(200)},
		authzRow{method: "PUT", path: "/api/v1/me/notification-settings", url: fixed("/api/v1/me/notification-settings"),
			body: func(int64) any { return map[string]any{"disabled": map[string]any{"email": []string{"chase_logged"}}} }, want: everyoneSignedIn(200)},
	)
}

// TestNotificationSettings: a kind turned off for e-mail makes no e-mail
// send (the in-app notification stays); quiet hours hold a send until they
// end, in the user's time zone.
func TestNotificationSettings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		models.SetNotifyConfig(models.NotifyConfig{Email: true})
		t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		if r := e.as("merch", "GET", "/api/v1/me/notification-settings", nil); r.status != 200 || r.json(t)["quiet_hours"] != nil ||
			r.json(t)["time_zone"] != models.DefaultTimeZone {
			t.Fatalf("defaults: %d %s", r.status, r.body)
		}
		bad := e.as("merch", "PUT", "/api/v1/me/notification-settings", map[string]any{"disabled": map[string]any{"sms": []string{}, "email": []string{"x"}},
			"quiet_hours": map[string]any{"from": "25:00", "to": "07:00"}})
		if bad.status != 422 || bad.fieldCode(t, "disabled") != "one_of" || bad.fieldCode(t, "disabled.email") != "one_of" ||
			bad.fieldCode(t, "quiet_hours.from") != "invalid_clock_time" {
			t.Fatalf("bad settings: %d %s", bad.status, bad.body)
		}
		r := e.as("merch", "PUT", "/api/v1/me/notification-settings", map[string]any{"disabled": map[string]any{"email": []string{"comment_added"}}})
		if r.status != 200 || fmt.Sprint(r.json(t)["disabled"]) != "map[email:[comment_added] webpush:[]]" {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		sends := func(kind string) []models.NotificationSend {
			var out []models.NotificationSend
			e.store.Gorm().Joins("JOIN notifications ON notifications.id = notification_sends.notification_id").
				Where("notifications.kind = ? AND notification_sends.user_id = ?", kind, e.users["merch"].ID).Find(&out)
			return out
		}
		comment := func() {
			if r := e.as("factory", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "到了"}); r.status != 201 {
				t.Fatalf("comment: %d", r.status)
			}
		}
		comment()
		ns, _ := e.store.ListNotifications(context.Background(), &e.users["merch"].ID, nil)
		if len(ofKind(ns, models.NotifyCommentAdded)) != 1 || len(sends(models.NotifyCommentAdded)) != 0 {
			t.Fatalf("a kind off for e-mail: %d in-app, %d e-mail sends", len(ofKind(ns, models.NotifyCommentAdded)), len(sends(models.NotifyCommentAdded)))
		}
		// Quiet 22:00–07:00 in Shanghai; the test clock's now is 17:00 there (09:00 UTC).
		r = e.as("merch", "PUT", "/api/v1/me/notification-settings", map[string]any{"quiet_hours": map[string]any{"from": "16:00", "to": "08:00"}})
		if r.status != 200 || r.json(t)["quiet_hours"].(map[string]any)["to"] != "08:00" {
			t.Fatalf("quiet hours: %d %s", r.status, r.body)
		}
		comment()
		got := sends(models.NotifyCommentAdded)
		loc, _ := models.LoadZone(models.DefaultTimeZone)
		if len(got) != 1 || got[0].NextAttemptAt.In(loc).Format("15:04") != "08:00" || !got[0].NextAttemptAt.After(e.clock.Now()) {
			t.Fatalf("a send in quiet hours: %+v", got)
		}
	})
}

// TestProgressReportsNotifyTheMerchandiser: each factory report tells the
// order's merchandiser (in-app, every one); outside, ten in an hour are the
// first at once and the other nine folded into one message at the hour's end.
func TestProgressReportsNotifyTheMerchandiser(t *testing.T) {
	models.SetNotifyConfig(models.NotifyConfig{Email: true, Batch: time.Hour})
	t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		oid := e.fixtureOrder()
		ms, _ := e.store.ListMilestones(ctx, oid)
		var step models.Milestone
		for _, m := range ms {
			if m.QuantityKind != "" {
				step = m
				break
			}
		}
		if step.ID == 0 {
			t.Fatal("no step with a quantity")
		}
		for i := 1; i <= 10; i++ {
			r := e.as("factory", "POST", fmt.Sprintf("/api/v1/milestones/%d/reports", step.ID),
				map[string]any{"date": e.today(), "quantity": i * 50})
			if r.status != 201 {
				t.Fatalf("report %d: %d %s", i, r.status, r.body)
			}
		}
		got := func(who string) []models.Notification {
			ns, err := e.store.ListNotifications(ctx, &e.users[who].ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			return ofKind(ns, models.ActProgressReported)
		}
		mine := got("merch")
		if len(mine) != 10 || len(got("factory")) != 0 || len(got("factory2")) != 0 || len(got("foreign")) != 0 {
			t.Fatalf("merch %d, factory %d, factory2 %d, foreign %d", len(mine), len(got("factory")), len(got("factory2")), len(got("foreign")))
		}
		var data map[string]any
		_ = json.Unmarshal([]byte(mine[0].Data), &data)
		if data["step"] != step.Name || data["quantity"] != float64(500) || mine[0].ActorID == nil || *mine[0].ActorID != e.users["factory"].ID {
			t.Errorf("the latest: %+v", mine[0])
		}
		var sends []models.NotificationSend
		if err := e.store.Gorm().Joins("JOIN notifications n ON n.id = notification_sends.notification_id").
			Where("n.kind = ? AND notification_sends.channel = ?", models.ActProgressReported, models.ChannelEmail).
			Order("notification_sends.id").Find(&sends).Error; err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now()
		if len(sends) != 2 || sends[0].NextAttemptAt.After(now) || sends[1].Batched != 8 || !sends[1].NextAttemptAt.After(now) {
			t.Fatalf("e-mail sends: %+v", sends)
		}
	})
}

// TestFactoryUsersGetEmailToo: with e-mail on, a factory user with an
// address is mailed what they are told, unless they left the kind out.
func TestFactoryUsersGetEmailToo(t *testing.T) {
	models.SetNotifyConfig(models.NotifyConfig{Email: true})
	t.Cleanup(func() { models.SetNotifyConfig(models.NotifyConfig{}) })
	e := newEnv(t, testdb.SQLite(t))
	oid := e.fixtureOrder()
	if r := e.as("factory2", "PUT", "/api/v1/me/notification-settings",
		map[string]any{"disabled": map[string]any{"email": []string{"comment_added"}, "webpush": []string{}}, "quiet_hours": nil}); r.status != 200 {
		t.Fatalf("settings: %d %s", r.status, r.body)
	}
	if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/orders/%d/comments", oid), map[string]any{"body": "请确认"}); r.status != 201 {
		t.Fatalf("comment: %d", r.status)
	}
	var targets []string
	if err := e.store.Gorm().Model(&models.NotificationSend{}).Where("channel = ?", models.ChannelEmail).Pluck("target", &targets).Error; err != nil {
		t.Fatal(err)
	}
	if len(targets) != 1 || targets[0] != e.users["factory"].Email {
		t.Errorf("e-mail targets %v; want only %s (factory2 left comments out)", targets, e.users["factory"].Email)
	}
}
