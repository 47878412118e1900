package server

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// uploadAs uploads a photo as a fixture user and returns its id.
func (e *env) uploadAs(user string) int64 {
	e.t.Helper()
	r := e.upload(user, smallJPEG(e.t), nil)
	if r.status != 201 {
		e.t.Fatalf("upload as %s: %d %s", user, r.status, r.body)
	}
	return int64(r.json(e.t)["id"].(float64))
}

// submitSample submits a round of a type for an order as a user, with one
// freshly uploaded photo.
func (e *env) submitSample(user string, orderID int64, typ string) *response {
	e.t.Helper()
	return e.as(user, "POST", fmt.Sprintf("/api/v1/orders/%d/samples", orderID),
		map[string]any{"type": typ, "note": "第一轮", "measurements": "胸围 52cm", "photo_ids": []int64{e.uploadAs(user)}})
}

// pendingSample is a new pending round on the fixture order, submitted by "factory".
func (e *env) pendingSample(typ string) (id int64, photoID int64) {
	e.t.Helper()
	r := e.submitSample("factory", e.fixtureOrder(), typ)
	if r.status != 201 {
		e.t.Fatalf("submit sample: %d %s", r.status, r.body)
	}
	m := r.json(e.t)
	ph := m["photos"].([]any)[0].(map[string]any)
	return int64(m["id"].(float64)), int64(ph["id"].(float64))
}

func sampleURL(suffix string) func(*env) string {
	return func(e *env) string {
		id, _ := e.pendingSample("proto")
		return fmt.Sprintf("/api/v1/samples/%d%s", id, suffix)
	}
}

// sampleBodyAs is a submission whose photo the calling principal uploaded.
func sampleBodyAs(e *env, who string) any {
	if who == "anon" {
		return map[string]any{"type": "proto", "photo_ids": []int64{1}}
	}
	return map[string]any{"type": "proto", "note": "请看", "photo_ids": []int64{e.uploadAs(who)}}
}

// staffDecideGets: staff decide; a factory user gets 403 on its own
// supplier's round and 404 on another's.
func staffDecideGets(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": status, "merch": status, "factory": 403, "foreign": 404, "qc": 403, "qcforeign": 403}
}

func num(m map[string]any, k string) int64 {
	f, _ := m[k].(float64)
	return int64(f)
}

func TestSampleRoundsAndDecisions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		ctx := context.Background()

		// Types are seeded in both languages.
		r := e.as("factory", "GET", "/api/v1/sample-types", nil)
		if r.status != 200 {
			t.Fatalf("types: %d %s", r.status, r.body)
		}
		items := r.json(t)["items"].([]any)
		if len(items) != 8 || items[0].(map[string]any)["code"] != "lab_dip" || items[4].(map[string]any)["name"] != "产前样" {
			t.Fatalf("types: %s", r.body)
		}

		// Validation: photos, type.
		path := fmt.Sprintf("/api/v1/orders/%d/samples", oid)
		if r := e.as("factory", "POST", path, map[string]any{"type": "pp", "photo_ids": []int64{}}); r.status != 422 {
			t.Fatalf("no photos: %d %s", r.status, r.body)
		}
		if r := e.as("factory", "POST", path, map[string]any{"type": "nope", "photo_ids": []int64{e.uploadAs("factory")}}); r.status != 422 {
			t.Fatalf("unknown type: %d %s", r.status, r.body)
		}
		// Another supplier's photo cannot be attached.
		if r := e.as("factory", "POST", path, map[string]any{"type": "pp", "photo_ids": []int64{e.uploadAs("foreign")}}); r.status != 422 {
			t.Fatalf("foreign photo: %d %s", r.status, r.body)
		}
		// Draft orders take no samples: invisible to the factory, 409 to staff.
		draft := e.draftOrder()
		if r := e.submitSample("factory", draft, "pp"); r.status != 404 {
			t.Fatalf("draft as factory: %d %s", r.status, r.body)
		}
		if r := e.submitSample("merch", draft, "pp"); r.status != 409 {
			t.Fatalf("draft as merch: %d %s", r.status, r.body)
		}

		// Round 1 of PP; a colleague of the same supplier submits lab dip.
		r = e.submitSample("factory", oid, "pp")
		if r.status != 201 {
			t.Fatalf("submit: %d %s", r.status, r.body)
		}
		s1 := r.json(t)
		if num(s1, "round") != 1 || s1["status"] != "pending" || s1["decision"] != nil || len(s1["photos"].([]any)) != 1 || s1["type_name_en"] != "Pre-production (PP) sample" {
			t.Fatalf("round 1: %s", r.body)
		}
		id1 := num(s1, "id")
		if r := e.submitSample("factory2", oid, "lab_dip"); r.status != 201 || num(r.json(t), "round") != 1 {
			t.Fatalf("lab dip round 1: %d %s", r.status, r.body)
		}

		// The merchandiser got a notification; the activity has the event.
		ns, err := e.store.ListNotifications(ctx, &e.users["merch"].ID, nil)
		ns = ofKind(ns, models.NotifySampleSubmitted)
		if err != nil || len(ns) != 2 || ns[0].OrderID != oid || *ns[0].ActorID != e.users["factory2"].ID {
			t.Fatalf("merch notifications: %v %+v", err, ns)
		}

		dec := func(user string, id int64, action string, body any) *response {
			return e.as(user, "POST", fmt.Sprintf("/api/v1/samples/%d/%s", id, action), body)
		}
		// Comment required.
		for _, a := range []string{"reject", "approve-with-comments"} {
			if r := dec("merch", id1, a, map[string]any{"comment": "  "}); r.status != 422 || r.errorCode(t) != "validation_failed" {
				t.Fatalf("%s without comment: %d %s", a, r.status, r.body)
			}
		}
		// Reject round 1; then any decision on it is 409.
		if r := dec("merch", id1, "reject", map[string]any{"comment": "颜色偏深"}); r.status != 200 {
			t.Fatalf("reject: %d %s", r.status, r.body)
		} else if d := r.json(t)["decision"].(map[string]any); d["status"] != "rejected" || d["comment"] != "颜色偏深" || d["decided_by"] == "" {
			t.Fatalf("decision: %s", r.body)
		}
		for _, a := range []string{"approve", "reject", "approve-with-comments"} {
			if r := dec("admin", id1, a, map[string]any{"comment": "x"}); r.status != 409 {
				t.Fatalf("%s on decided round: %d %s", a, r.status, r.body)
			}
		}
		// The supplier was told: each of its factory users.
		sid := e.suppliers["jinling"].ID
		if ns, err := e.store.ListNotifications(ctx, nil, &sid); err != nil || len(ofKind(ns, models.NotifySampleDecided)) != 2 ||
			*ofKind(ns, models.NotifySampleDecided)[0].UserID == *ofKind(ns, models.NotifySampleDecided)[1].UserID {
			t.Fatalf("supplier notifications: %v %+v", err, ns)
		}
		// Rejection completes nothing.
		pp := func() models.Milestone {
			ms, err := e.store.ListMilestones(ctx, oid)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.SampleType == "pp" {
					return m
				}
			}
			t.Fatal("no PP milestone")
			return models.Milestone{}
		}
		if m := pp(); m.Status == models.MilestoneDone {
			t.Fatalf("PP milestone done after a rejection: %+v", m)
		}

		// Round 2 and its approval complete the PP milestone on the decision date.
		e.clock.Advance(26 * time.Hour)
		r = e.submitSample("factory", oid, "pp")
		if r.status != 201 || num(r.json(t), "round") != 2 {
			t.Fatalf("round 2: %d %s", r.status, r.body)
		}
		id2 := num(r.json(t), "id")
		if r := dec("merch", id2, "approve", nil); r.status != 200 || r.json(t)["status"] != "approved" {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		m := pp()
		today := e.clock.Now().UTC().Format(models.DateLayout)
		if m.Status != models.MilestoneDone || m.ActualDate == nil || *m.ActualDate != today {
			t.Fatalf("PP milestone after approval: %+v (want done on %s)", m, today)
		}
		if r := dec("merch", id2, "approve", nil); r.status != 409 {
			t.Fatalf("approve twice: %d", r.status)
		}

		// The list: grouped by type in the types' order, newest round first.
		r = e.as("factory", "GET", path, nil)
		if r.status != 200 {
			t.Fatalf("list: %d %s", r.status, r.body)
		}
		groups := r.json(t)["items"].([]any)
		if len(groups) != 2 || groups[0].(map[string]any)["type"] != "lab_dip" || groups[1].(map[string]any)["type"] != "pp" {
			t.Fatalf("groups: %s", r.body)
		}
		rounds := groups[1].(map[string]any)["rounds"].([]any)
		if len(rounds) != 2 || num(rounds[0].(map[string]any), "round") != 2 || rounds[1].(map[string]any)["decision"].(map[string]any)["comment"] != "颜色偏深" {
			t.Fatalf("pp rounds: %s", r.body)
		}
		if r := e.as("foreign", "GET", path, nil); r.status != 404 {
			t.Fatalf("foreign list: %d", r.status)
		}
		if r := e.as("foreign", "GET", fmt.Sprintf("/api/v1/samples/%d", id1), nil); r.status != 404 {
			t.Fatalf("foreign get: %d", r.status)
		}

		// Activity records submissions, decisions and the completed milestone.
		r = e.as("factory", "GET", fmt.Sprintf("/api/v1/orders/%d/activity", oid), nil)
		kinds := map[string]int{}
		for _, it := range r.json(t)["items"].([]any) {
			kinds[it.(map[string]any)["kind"].(string)]++
		}
		if kinds[models.ActSampleSubmitted] != 3 || kinds[models.ActSampleDecided] != 2 || kinds[models.ActMilestoneAutoDone] != 1 {
			t.Fatalf("activity kinds: %v", kinds)
		}
	})
}

func TestSampleDecisionAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		id, _ := e.pendingSample("fit")
		for _, a := range []string{"approve", "approve-with-comments", "reject"} {
			p := fmt.Sprintf("/api/v1/samples/%d/%s", id, a)
			body := map[string]any{"comment": "ok"}
			if r := e.as("factory", "POST", p, body); r.status != 403 {
				t.Fatalf("%s by own factory: %d %s", a, r.status, r.body)
			}
			if r := e.as("foreign", "POST", p, body); r.status != 404 {
				t.Fatalf("%s by foreign factory: %d %s", a, r.status, r.body)
			}
		}
		if r := e.as("foreign", "POST", "/api/v1/samples/999999/approve", nil); r.status != 404 {
			t.Fatalf("missing sample: %d", r.status)
		}
		if r := e.as("merch", "POST", "/api/v1/samples/999999/approve", nil); r.status != 404 {
			t.Fatalf("missing sample as merch: %d", r.status)
		}
		// Still pending: the refused attempts changed nothing.
		if r := e.as("merch", "GET", fmt.Sprintf("/api/v1/samples/%d", id), nil); r.json(t)["status"] != "pending" {
			t.Fatalf("after refused decisions: %s", r.body)
		}
		// New types are admin-only and validated.
		if r := e.as("merch", "POST", "/api/v1/sample-types", map[string]any{"code": "gold_seal", "name": "封样"}); r.status != 403 {
			t.Fatalf("merch creates type: %d", r.status)
		}
		if r := e.as("admin", "POST", "/api/v1/sample-types", map[string]any{"code": "pp", "name": "重复"}); r.status != 422 {
			t.Fatalf("duplicate type: %d %s", r.status, r.body)
		}
		r := e.as("admin", "POST", "/api/v1/sample-types", map[string]any{"code": "gold_seal", "name": "封样", "name_en": "Gold seal"})
		if r.status != 201 || num(r.json(t), "position") != 9 {
			t.Fatalf("create type: %d %s", r.status, r.body)
		}
		if r := e.submitSample("factory", e.fixtureOrder(), "gold_seal"); r.status != 201 {
			t.Fatalf("submit new type: %d %s", r.status, r.body)
		}
	})
}

func TestSampleRoundNumbersUnderConcurrency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		const n = 4
		users := []string{"factory", "factory2", "factory", "merch"}
		tokens, photos := make([]string, n), make([]int64, n)
		for i := range n {
			tokens[i], photos[i] = e.token(users[i]), e.uploadAs(users[i])
		}
		var wg sync.WaitGroup
		res := make([]*response, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res[i] = e.do(req{method: "POST", path: fmt.Sprintf("/api/v1/orders/%d/samples", oid), token: tokens[i],
					body: map[string]any{"type": "size_set", "photo_ids": []int64{photos[i]}}})
			}()
		}
		wg.Wait()
		var got []int
		for i, r := range res {
			if r.status != 201 {
				t.Fatalf("submission %d: %d %s", i, r.status, r.body)
			}
			got = append(got, int(num(r.json(t), "round")))
		}
		sort.Ints(got)
		for i, g := range got {
			if g != i+1 {
				t.Fatalf("round numbers %v, want 1..%d", got, n)
			}
		}
		// An Idempotency-Key replay returns the same round, not a new one.
		body := map[string]any{"type": "size_set", "photo_ids": []int64{e.uploadAs("factory")}}
		h := map[string]string{"Idempotency-Key": "sample-once"}
		p := fmt.Sprintf("/api/v1/orders/%d/samples", oid)
		a := e.do(req{method: "POST", path: p, token: e.token("factory"), body: body, headers: h})
		b := e.do(req{method: "POST", path: p, token: e.token("factory"), body: body, headers: h})
		if a.status != 201 || b.status != 201 || num(a.json(t), "id") != num(b.json(t), "id") || num(a.json(t), "round") != n+1 {
			t.Fatalf("idempotent submit: %d %s / %d %s", a.status, a.body, b.status, b.body)
		}
	})
}

func TestSampleAnnotations(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		id, ph := e.pendingSample("pp")
		other, _ := e.pendingSample("fit")
		_ = other
		p := fmt.Sprintf("/api/v1/samples/%d/reject", id)
		many := make([]map[string]any, 51)
		for i := range many {
			many[i] = map[string]any{"type": "circle", "photo_id": ph, "x": 0.5, "y": 0.5, "r": 0.1}
		}
		bad := []struct {
			name string
			ann  any
		}{
			{"not a list", map[string]any{"type": "circle"}},
			{"not objects", []any{1, 2}},
			{"unknown shape", []any{map[string]any{"type": "star", "photo_id": ph}}},
			{"no photo", []any{map[string]any{"type": "circle"}}},
			{"photo of another round", []any{map[string]any{"type": "arrow", "photo_id": e.fixturePhoto()}}},
			{"too many", many},
		}
		for _, c := range bad {
			r := e.as("merch", "POST", p, map[string]any{"comment": "看标注", "annotations": c.ann})
			if r.status != 422 {
				t.Errorf("%s: %d %s", c.name, r.status, r.body)
			}
		}
		good := []map[string]any{
			{"type": "circle", "photo_id": ph, "x": 0.4, "y": 0.3, "r": 0.08},
			{"type": "arrow", "photo_id": ph, "x": 0.1, "y": 0.1, "x2": 0.3, "y2": 0.2},
			{"type": "text", "photo_id": ph, "x": 0.5, "y": 0.9, "text": "线头"},
		}
		r := e.as("merch", "POST", p, map[string]any{"comment": "看标注", "annotations": good})
		if r.status != 200 {
			t.Fatalf("reject with annotations: %d %s", r.status, r.body)
		}
		r = e.as("factory", "GET", fmt.Sprintf("/api/v1/samples/%d", id), nil)
		anns := r.json(t)["decision"].(map[string]any)["annotations"].([]any)
		if len(anns) != 3 || anns[2].(map[string]any)["text"] != "线头" {
			t.Fatalf("stored annotations: %s", r.body)
		}
	})
}

func TestApprovalsQueue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		// An order the admin follows, besides the merchandiser's fixture order.
		o, err := e.store.CreateOrder(ctx, e.newOrderInput("PO-ADMIN-1"), e.users["admin"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.store.ConfirmOrder(ctx, o.ID, nil, models.LateKeep, e.users["admin"].ID); err != nil {
			t.Fatal(err)
		}
		first, _ := e.pendingSample("pp")
		e.clock.Advance(time.Hour)
		if r := e.submitSample("factory", o.ID, "fit"); r.status != 201 {
			t.Fatalf("admin order sample: %d %s", r.status, r.body)
		}
		e.clock.Advance(time.Hour)
		third, _ := e.pendingSample("lab_dip")
		e.clock.Advance(time.Hour)
		decided, _ := e.pendingSample("pp")
		if r := e.as("merch", "POST", fmt.Sprintf("/api/v1/samples/%d/approve", decided), nil); r.status != 200 {
			t.Fatalf("approve: %d %s", r.status, r.body)
		}
		e.clock.Advance(30 * time.Minute)

		r := e.as("merch", "GET", "/api/v1/approvals", nil)
		if r.status != 200 {
			t.Fatalf("queue: %d %s", r.status, r.body)
		}
		q := r.json(t)
		items := q["items"].([]any)
		if len(items) != 2 || num(items[0].(map[string]any), "id") != first || num(items[1].(map[string]any), "id") != third {
			t.Fatalf("merch queue: %s", r.body)
		}
		it := items[0].(map[string]any)
		if num(it, "waiting_seconds") != int64((3*time.Hour+30*time.Minute)/time.Second) || it["po_number"] == "" || len(it["photos"].([]any)) != 1 {
			t.Fatalf("queue item: %v", it)
		}
		counts := q["counts"].([]any)
		if len(counts) != 2 || counts[0].(map[string]any)["type"] != "lab_dip" || num(counts[1].(map[string]any), "count") != 1 {
			t.Fatalf("merch counts: %v", counts)
		}

		r = e.as("admin", "GET", "/api/v1/approvals", nil)
		q = r.json(t)
		items = q["items"].([]any)
		if len(items) != 3 || items[1].(map[string]any)["po_number"] != "PO-ADMIN-1" || num(q, "total") != 3 {
			t.Fatalf("admin queue: %s", r.body)
		}
		if r := e.as("factory", "GET", "/api/v1/approvals", nil); r.status != 403 {
			t.Fatalf("factory queue: %d", r.status)
		}
	})
}
