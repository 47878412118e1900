package server

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// principals of the authorization matrix. "foreign" is a factory user asking
// for an object of another supplier.
// "qc" is an inspector assigned to the fixture's supplier, "qcforeign" one
// assigned to another supplier.
var principals = []string{"anon", "admin", "merch", "factory", "foreign", "qc", "qcforeign"}

// authzRow is one route of the matrix: how to call it, and the status each
// principal gets. own(e) builds the URL for an object of the "factory"
// fixture's supplier; the "foreign" principal uses the same URL, so it asks
// for someone else's object.
type authzRow struct {
	method, path string
	url          func(e *env) string
	body         func(n int64) any
	rawBody      func(e *env) any
	bodyAs       func(e *env, who string) any // a body built for the calling principal
	want         map[string]int
}

func fixed(u string) func(*env) string { return func(*env) string { return u } }

func all(status int) map[string]int {
	return map[string]int{"anon": status, "admin": status, "merch": status, "factory": status, "foreign": status,
		"qc": status, "qcforeign": status}
}

// signedInAll: every signed-in user but qc (routes an inspector has no use for).
func signedInAll(status int) map[string]int {
	m := all(status)
	m["anon"], m["qc"], m["qcforeign"] = 401, 403, 403
	return m
}

// everyoneSignedIn: every signed-in user, qc included.
func everyoneSignedIn(status int) map[string]int {
	m := all(status)
	m["anon"] = 401
	return m
}

func adminGets(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": status, "merch": 403, "factory": 403, "foreign": 403, "qc": 403, "qcforeign": 403}
}

var seq atomic.Int64

func staffGets(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": status, "merch": status, "factory": 403, "foreign": 403, "qc": 403, "qcforeign": 403}
}

// ownOrForeign: every signed-in user of the object's side gets status; a
// factory user of another supplier gets 404; qc users are not let in.
func ownOrForeign(status int) map[string]int {
	return map[string]int{"anon": 401, "admin": status, "merch": status, "factory": status, "foreign": 404, "qc": 403, "qcforeign": 403}
}

// ownOrForeignQC is ownOrForeign on a route inspectors use: the supplier's
// inspector gets status, another supplier's 404.
func ownOrForeignQC(status int) map[string]int {
	m := ownOrForeign(status)
	m["qc"], m["qcforeign"] = status, 404
	return m
}

func orderURL(suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d%s", e.fixtureOrder(), suffix) }
}

func milestoneURL(suffix string) func(*env) string {
	return func(e *env) string { return fmt.Sprintf("/api/v1/milestones/%d%s", e.fixtureMilestone(), suffix) }
}

// openMilestoneURL is a step of the fixture order still to do, the last
// one other than fixtureMilestone, for actions that close the step they
// act on (each allowed call closes one).
func openMilestoneURL(suffix string) func(*env) string {
	return func(e *env) string {
		e.t.Helper()
		ms, err := e.store.ListMilestones(context.Background(), e.fixtureOrder())
		if err != nil {
			e.t.Fatal(err)
		}
		keep := e.fixtureMilestone()
		for i := len(ms) - 1; i >= 0; i-- {
			if ms[i].ID != keep && (ms[i].Status == models.MilestoneOpen || ms[i].Status == models.MilestoneInProgress) {
				return fmt.Sprintf("/api/v1/milestones/%d%s", ms[i].ID, suffix)
			}
		}
		e.t.Fatal("no open milestone left")
		return ""
	}
}

// authzMatrix has a row for every route the server registers; the coverage
// test below fails when a route is added without one.
var authzMatrix = []authzRow{
	{method: "GET", path: "/healthz", url: fixed("/healthz"), want: all(200)},
	{method: "GET", path: "/readyz", url: fixed("/readyz"), want: all(200)},
	{method: "GET", path: "/api/openapi.yaml", url: fixed("/api/openapi.yaml"), want: all(200)},
	{method: "POST", path: "/api/v1/auth/login", url: fixed("/api/v1/auth/login"),
		body: func(int64) any {
			return map[string]string{"login": "nobody@test.example", "password": "wrong-password"}
		}, want: all(401)},
	{method: "POST", path: "/api/v1/auth/refresh", url: fixed("/api/v1/auth/refresh"), want: all(401)},
	{method: "POST", path: "/api/v1/auth/logout", url: fixed("/api/v1/auth/logout"), want: all(204)},
	{method: "GET", path: "/api/v1/me", url: fixed("/api/v1/me"), want: everyoneSignedIn(200)},
	{method: "PATCH", path: "/api/v1/me", url: fixed("/api/v1/me"),
		body: func(int64) any { return map[string]string{"name": "改名"} }, want: everyoneSignedIn(200)},
	{method: "GET", path: "/api/v1/suppliers", url: fixed("/api/v1/suppliers"), want: signedInAll(200)},
	{method: "POST", path: "/api/v1/suppliers", url: fixed("/api/v1/suppliers"),
		body: func(n int64) any { return map[string]string{"code": fmt.Sprintf("NEW-%d", n), "name": "新工厂"} }, want: adminGets(201)},
	{method: "GET", path: "/api/v1/suppliers/:id",
		url:  func(e *env) string { return fmt.Sprintf("/api/v1/suppliers/%d", e.suppliers["jinling"].ID) },
		want: map[string]int{"anon": 401, "admin": 200, "merch": 200, "factory": 200, "foreign": 404, "qc": 403, "qcforeign": 403}},
	{method: "PATCH", path: "/api/v1/suppliers/:id",
		url:  func(e *env) string { return fmt.Sprintf("/api/v1/suppliers/%d", e.suppliers["jinling"].ID) },
		body: func(int64) any { return map[string]string{"contact_name": "陈先生"} }, want: adminGets(200)},
	{method: "GET", path: "/api/v1/suppliers/:id/switching",
		url: func(e *env) string { return fmt.Sprintf("/api/v1/suppliers/%d/switching", e.suppliers["jinling"].ID) }, want: staffGets(200)},
	// Nothing is discontinued in the fixture: the admin's resume is refused.
	{method: "POST", path: "/api/v1/suppliers/:id/switching/resume",
		url: func(e *env) string {
			return fmt.Sprintf("/api/v1/suppliers/%d/switching/resume", e.suppliers["jinling"].ID)
		},
		body: func(int64) any { return map[string]string{"family": ""} }, want: adminGets(409)},
	{method: "POST", path: "/api/v1/photos", url: fixed("/api/v1/photos"), want: everyoneSignedIn(201),
		rawBody: func(e *env) any { return photoForm(e.t, smallJPEG(e.t)) }},
	{method: "GET", path: "/api/v1/photos/:id",
		url:  func(e *env) string { return fmt.Sprintf("/api/v1/photos/%d?size=thumb", e.fixturePhoto()) },
		want: ownOrForeignQC(200)},
	{method: "GET", path: "/api/v1/customers", url: fixed("/api/v1/customers"), want: staffGets(200)},
	{method: "POST", path: "/api/v1/customers", url: fixed("/api/v1/customers"), want: staffGets(201),
		body: func(n int64) any { return map[string]string{"name": fmt.Sprintf("客户 %d", n)} }},
	{method: "PATCH", path: "/api/v1/customers/:id", url: func(e *env) string { e.newOrderInput("X"); return fmt.Sprintf("/api/v1/customers/%d", e.customer) },
		body: func(int64) any { return map[string]string{"contact_email": "new@buyer.example"} }, want: staffGets(200)},
	{method: "GET", path: "/api/v1/templates", url: fixed("/api/v1/templates"), want: staffGets(200)},
	{method: "POST", path: "/api/v1/templates", url: fixed("/api/v1/templates"), want: adminGets(201),
		body: func(n int64) any {
			return map[string]any{"code": fmt.Sprintf("tpl_%d", n), "name": "模板", "steps": []map[string]any{{"code": "ex_factory", "name": "出厂", "name_en": "Ex-factory", "days_before": 0}}}
		}},
	{method: "GET", path: "/api/v1/templates/:id", url: func(e *env) string { e.newOrderInput("X"); return "/api/v1/templates/1" }, want: staffGets(200)},
	{method: "PATCH", path: "/api/v1/templates/:id", url: func(e *env) string { e.newOrderInput("X"); return "/api/v1/templates/2" },
		body: func(int64) any { return map[string]any{"name_en": "Hard goods"} }, want: adminGets(200)},
	{method: "GET", path: "/api/v1/orders", url: fixed("/api/v1/orders"), want: everyoneSignedIn(200)},
	{method: "POST", path: "/api/v1/orders", url: fixed("/api/v1/orders"), want: staffGets(201), rawBody: func(e *env) any {
		in := e.newOrderInput(fmt.Sprintf("NEW-%d", seq.Add(1)))
		return map[string]any{"po_number": *in.PONumber, "customer_id": *in.CustomerID, "supplier_id": *in.SupplierID, "style_no": "S-1",
			"ex_factory_date": *in.ExFactoryDate, "ship_mode": "air", "lines": []map[string]any{{"colour": "红", "size": "M", "quantity": 10}}}
	}},
	{method: "GET", path: "/api/v1/orders/import/template.xlsx", url: fixed("/api/v1/orders/import/template.xlsx"), want: staffGets(200)},
	{method: "POST", path: "/api/v1/orders/import", url: fixed("/api/v1/orders/import"), want: staffGets(201), rawBody: authzImportBody},
	{method: "GET", path: "/api/v1/orders/export.xlsx", url: fixed("/api/v1/orders/export.xlsx"), want: staffGets(200)},
	{method: "GET", path: "/api/v1/orders/export/wip", url: fixed("/api/v1/orders/export/wip"), want: staffGets(200)},
	{method: "GET", path: "/api/v1/orders/:id", url: orderURL(""), want: ownOrForeignQC(200)},
	{method: "PATCH", path: "/api/v1/orders/:id", url: orderURL(""), body: func(int64) any { return map[string]string{"destination": "Hamburg"} }, want: staffGets(200)},
	{method: "POST", path: "/api/v1/orders/:id/confirm", url: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/confirm", e.draftOrder()) },
		body: func(int64) any { return map[string]string{"late_steps": "keep"} }, want: staffGets(200)},
	{method: "POST", path: "/api/v1/orders/:id/cancel", url: func(e *env) string { return fmt.Sprintf("/api/v1/orders/%d/cancel", e.draftOrder()) },
		body: func(int64) any { return map[string]string{"reason": "客户取消"} }, want: staffGets(200)},
	{method: "GET", path: "/api/v1/orders/:id/revisions", url: orderURL("/revisions"), want: ownOrForeign(200)},
	{method: "GET", path: "/api/v1/orders/:id/milestones", url: orderURL("/milestones"), want: ownOrForeignQC(200)},
	{method: "GET", path: "/api/v1/orders/:id/activity", url: orderURL("/activity"), want: ownOrForeign(200)},
	{method: "GET", path: "/api/v1/orders/:id/comments", url: orderURL("/comments"), want: ownOrForeign(200)},
	{method: "POST", path: "/api/v1/orders/:id/comments", url: orderURL("/comments"), body: func(int64) any { return map[string]string{"body": "请确认颜色"} }, want: ownOrForeign(201)},
	{method: "GET", path: "/api/v1/orders/:id/samples", url: orderURL("/samples"), want: ownOrForeign(200)},
	{method: "POST", path: "/api/v1/orders/:id/samples", url: orderURL("/samples"), want: ownOrForeign(201), bodyAs: sampleBodyAs},
	{method: "GET", path: "/api/v1/aql", url: fixed("/api/v1/aql?lot_size=1000&level=II&aql=2.5"), want: everyoneSignedIn(200)},
	{method: "GET", path: "/api/v1/orders/:id/inspections", url: orderURL("/inspections"), want: ownOrForeignQC(200)},
	{method: "POST", path: "/api/v1/orders/:id/inspections", url: orderURL("/inspections"), want: ownOrForeign(201),
		rawBody: func(e *env) any { return bookingBody(e, "dupro") }},
	{method: "GET", path: "/api/v1/defect-codes", url: fixed("/api/v1/defect-codes"), want: everyoneSignedIn(200)},
	{method: "POST", path: "/api/v1/defect-codes", url: fixed("/api/v1/defect-codes"), want: adminGets(201),
		body: func(n int64) any {
			return map[string]string{"code": fmt.Sprintf("extra_%d", n), "name": "特别缺陷", "name_en": "Special defect", "severity": "minor"}
		}},
	{method: "GET", path: "/api/v1/inspections", url: fixed("/api/v1/inspections?view=upcoming"), want: everyoneSignedIn(200)},
	{method: "GET", path: "/api/v1/inspectors", url: func(e *env) string {
		return fmt.Sprintf("/api/v1/inspectors?supplier_id=%d", e.suppliers["jinling"].ID)
	},
		want: staffGets(200)},
	{method: "GET", path: "/api/v1/inspections/:id", url: freshInspectionURL(""), want: ownOrForeignQC(200)},
	{method: "POST", path: "/api/v1/inspections/:id/confirm", url: freshInspectionURL("/confirm"), want: staffGets(200),
		rawBody: func(e *env) any { return map[string]any{"inspector_id": e.users["qc"].ID} }},
	{method: "POST", path: "/api/v1/inspections/:id/assign", url: freshInspectionURL("/assign"), want: staffGets(200),
		rawBody: func(e *env) any { return map[string]any{"inspector_id": e.users["qc"].ID} }},
	{method: "POST", path: "/api/v1/inspections/:id/cancel", url: freshInspectionURL("/cancel"), want: ownOrForeign(200),
		body: func(int64) any { return map[string]string{"reason": "货未齐"} }},
	// The assigned inspector and staff record; the order's factory may
	// not (not a self-inspection), another supplier's qc does not find it.
	{method: "POST", path: "/api/v1/inspections/:id/complete", url: freshConfirmedInspectionURL("/complete"),
		rawBody: func(e *env) any { return map[string]any{"cartons_opened": 4} },
		want:    map[string]int{"anon": 401, "admin": 200, "merch": 200, "factory": 403, "foreign": 404, "qc": 200, "qcforeign": 404}},
	{method: "POST", path: "/api/v1/inspections/:id/override", url: completedInspectionURL("/override"), want: staffGets(200),
		body: func(int64) any { return map[string]string{"result": "pass", "reason": "客户同意放行"} }},
	{method: "GET", path: "/api/v1/sample-types", url: fixed("/api/v1/sample-types"), want: signedInAll(200)},
	{method: "POST", path: "/api/v1/sample-types", url: fixed("/api/v1/sample-types"), want: adminGets(201),
		body: func(n int64) any {
			return map[string]string{"code": fmt.Sprintf("extra_%d", n), "name": "特别样", "name_en": "Special sample"}
		}},
	{method: "GET", path: "/api/v1/samples/:id", url: sampleURL(""), want: ownOrForeign(200)},
	{method: "POST", path: "/api/v1/samples/:id/approve", url: sampleURL("/approve"), want: staffDecideGets(200)},
	{method: "POST", path: "/api/v1/samples/:id/approve-with-comments", url: sampleURL("/approve-with-comments"), want: staffDecideGets(200),
		body: func(int64) any { return map[string]string{"comment": "袖口再收紧一点"} }},
	{method: "POST", path: "/api/v1/samples/:id/reject", url: sampleURL("/reject"), want: staffDecideGets(200),
		body: func(int64) any { return map[string]string{"comment": "颜色偏深"} }},
	{method: "GET", path: "/api/v1/approvals", url: fixed("/api/v1/approvals"), want: staffGets(200)},
	{method: "GET", path: "/api/v1/dashboard/counts", url: fixed("/api/v1/dashboard/counts"), want: staffGets(200)},
	{method: "PATCH", path: "/api/v1/milestones/:id", url: milestoneURL(""),
		body: func(int64) any { return map[string]string{"planned_date": "2026-04-01"} }, want: staffGets(200)},
	{method: "POST", path: "/api/v1/milestones/:id/complete", url: openMilestoneURL("/complete"),
		rawBody: func(e *env) any { return map[string]any{"date": e.clock.Now().Format("2006-01-02")} }, want: staffGets(200)},
	{method: "POST", path: "/api/v1/milestones/:id/skip", url: openMilestoneURL("/skip"),
		body: func(int64) any { return map[string]string{"reason": "客户取消了这一步"} }, want: staffGets(200)},
	{method: "GET", path: "/api/v1/milestones/:id/reports", url: milestoneURL("/reports"), want: ownOrForeign(200)},
	{method: "POST", path: "/api/v1/milestones/:id/reports", url: milestoneURL("/reports"), want: ownOrForeign(201),
		rawBody: func(e *env) any { return map[string]any{"date": e.clock.Now().Format("2006-01-02"), "quantity": 100} }},
	{method: "POST", path: "/api/v1/reports/:id/correct", url: func(e *env) string {
		e.t.Helper()
		reps, err := e.store.ListReports(context.Background(), e.fixtureMilestone(), models.Scope{})
		if err != nil || len(reps) == 0 {
			e.t.Fatalf("reports %v %v", reps, err)
		}
		return fmt.Sprintf("/api/v1/reports/%d/correct", reps[len(reps)-1].ID)
	}, body: func(int64) any { return map[string]any{"quantity": 90, "reason": "多报了"} }, want: staffGets(201)},
	{method: "GET", path: "/api/v1/users", url: fixed("/api/v1/users"), want: adminGets(200)},
	{method: "POST", path: "/api/v1/users", url: fixed("/api/v1/users"),
		body: func(n int64) any {
			return map[string]string{"name": "新用户", "email": fmt.Sprintf("new%d@test.example", n), "password": "a-long-new-passphrase", "role": "merchandiser"}
		}, want: adminGets(201)},
	{method: "PATCH", path: "/api/v1/users/:id",
		url:  func(e *env) string { return fmt.Sprintf("/api/v1/users/%d", e.users["factory2"].ID) },
		body: func(int64) any { return map[string]string{"name": "新名字"} }, want: adminGets(200)},
}

func TestAuthorizationMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		for _, row := range authzMatrix {
			for _, who := range principals {
				want, ok := row.want[who]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", row.method, row.path, who)
				}
				r := req{method: row.method, path: row.url(e)}
				if who != "anon" {
					r.token = e.token(who)
				}
				if row.body != nil {
					r.body = row.body(seq.Add(1))
				}
				if row.rawBody != nil {
					r.body = row.rawBody(e)
				}
				if row.bodyAs != nil {
					r.body = row.bodyAs(e, who)
				}
				got := e.do(r)
				if got.status != want {
					t.Errorf("%s %s as %s: status %d, want %d (%s)", row.method, row.path, who, got.status, want, got.body)
				}
				if got.status >= 400 && got.status != 404 || got.status == 404 && strings.HasPrefix(row.path, "/api") {
					if code := got.errorCode(t); code == "" {
						t.Errorf("%s %s as %s: error without a code: %s", row.method, row.path, who, got.body)
					}
				}
			}
		}
	})
}

// TestEveryRouteHasAnAuthorizationRow walks the registered routes: a route
// without a row in the matrix fails the build of trust.
func TestEveryRouteHasAnAuthorizationRow(t *testing.T) {
	e := newEnv(t, testdb.SQLite(t))
	inMatrix := map[string]bool{}
	for _, row := range authzMatrix {
		inMatrix[row.method+" "+row.path] = true
	}
	var missing []string
	seen := map[string]bool{}
	for _, r := range e.srv.App().GetRoutes(true) {
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		if !inMatrix[key] {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes without an authorization matrix row:\n  %s", strings.Join(missing, "\n  "))
	}
	if len(seen) != len(inMatrix) {
		t.Errorf("matrix has %d rows but %d routes are registered", len(inMatrix), len(seen))
	}
	for _, r := range e.srv.Routes() {
		if r[2] == "" {
			t.Errorf("%s %s has no access rule", r[0], r[1])
		}
	}
}
