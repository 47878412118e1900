package server

import (
	"context"
	"fmt"
	"testing"

	"gendan/models"
	"gendan/models/testdb"
)

// shippedOrder is a confirmed order of the jinling factory made shipped
// (its risk refreshed so the stored risk stays current).
func (e *env) shippedOrder() int64 {
	e.t.Helper()
	id := e.draftOrder()
	ctx := context.Background()
	if _, err := e.store.ConfirmOrder(ctx, id, nil, models.LateKeep, e.users["merch"].ID); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.Gorm.Model(&models.Order{}).Where("id = ?", id).Update("status", models.StatusShipped).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.RefreshRisk(ctx, id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) staffActor() (models.Actor, models.Scope) {
	u := e.users["merch"]
	return models.Actor{UserID: u.ID, Role: u.Role}, models.Scope{}
}

// invoiced writes an invoice of amount on an order, due on due.
func (e *env) invoiced(orderID int64, amount, due string) {
	e.t.Helper()
	by, sc := e.staffActor()
	if _, err := e.store.PutInvoice(context.Background(), orderID, models.InvoiceInput{Number: fmt.Sprintf("INV-%d", orderID),
		InvoiceDate: models.AddDays(due, -30), Amount: amount, Currency: "USD", DueDate: due}, by, sc); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) paid(orderID int64, amount string) {
	e.t.Helper()
	by, sc := e.staffActor()
	if _, err := e.store.AddPayment(context.Background(), orderID, models.PaymentInput{PaidDate: e.today(), Amount: amount}, by, sc); err != nil {
		e.t.Fatal(err)
	}
}

// rawComplaint writes a complaint of an order directly (part A writes them
// through its API).
func (e *env) rawComplaint(orderID int64, status string, affected int) *models.Complaint {
	e.t.Helper()
	now := e.clock.Now()
	c := &models.Complaint{OrderID: orderID, SupplierID: e.suppliers["jinling"].ID, ReceivedDate: e.today(), Channel: "email",
		Description: "色差 colour shade", Lines: "[]", AffectedQty: affected, Severity: "major", CustomerRequest: "discount",
		CustomerContact: "buyer@northwind.example", Status: status, CreatedBy: e.users["merch"].ID, CreatedAt: now, UpdatedAt: now}
	if err := e.db.Gorm.Create(c).Error; err != nil {
		e.t.Fatal(err)
	}
	return c
}

func init() {
	authzMatrix = append(authzMatrix,
		authzRow{method: "PUT", path: "/api/v1/orders/:id/invoice", url: orderURL("/invoice"), want: staffGets(200),
			rawBody: func(e *env) any {
				return map[string]any{"number": "INV-1", "invoice_date": e.today(), "amount": "12500.00", "currency": "USD",
					"due_date": models.AddDays(e.today(), 30)}
			}},
		authzRow{method: "POST", path: "/api/v1/orders/:id/payments", want: staffGets(201),
			url: func(e *env) string {
				e.invoiced(e.fixtureOrder(), "99999999.00", models.AddDays(e.today(), 30))
				return fmt.Sprintf("/api/v1/orders/%d/payments", e.fixtureOrder())
			},
			rawBody: func(e *env) any { return map[string]any{"paid_date": e.today(), "amount": "1.00", "reference": "TT"} }},
		authzRow{method: "GET", path: "/api/v1/orders/:id/finance", url: orderURL("/finance"), want: staffGets(200)},
		authzRow{method: "POST", path: "/api/v1/orders/:id/close", want: staffGets(200),
			url: func(e *env) string {
				id := e.shippedOrder()
				e.invoiced(id, "100.00", e.today())
				e.paid(id, "100.00")
				return fmt.Sprintf("/api/v1/orders/%d/close", id)
			},
			body: func(int64) any { return map[string]any{} }},
		authzRow{method: "GET", path: "/api/v1/receivables", url: fixed("/api/v1/receivables?overdue=1"), want: staffGets(200)},
	)
}

func TestInvoiceAndPayments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		oid := e.fixtureOrder()
		url := fmt.Sprintf("/api/v1/orders/%d", oid)
		// No invoice yet: nothing owed, a payment is refused.
		f := e.as("merch", "GET", url+"/finance", nil).json(t)
		if f["invoice"] != nil || f["balance"] != "0.00" || f["overdue"] != false {
			t.Fatalf("finance without invoice: %v", f)
		}
		if r := e.as("merch", "POST", url+"/payments", map[string]any{"paid_date": e.today(), "amount": "1"}); r.status != 409 ||
			r.errorCode(t) != "order_no_invoice" {
			t.Fatalf("payment without invoice: %d %s", r.status, r.body)
		}
		for _, c := range []struct {
			body  map[string]any
			field string
			code  string
		}{
			{map[string]any{"number": "", "invoice_date": e.today(), "amount": "1", "currency": "USD", "due_date": e.today()}, "number", "required"},
			{map[string]any{"number": "I", "invoice_date": e.today(), "amount": "1.234", "currency": "USD", "due_date": e.today()}, "amount", "invalid_decimal"},
			{map[string]any{"number": "I", "invoice_date": e.today(), "amount": "0", "currency": "USD", "due_date": e.today()}, "amount", "too_small"},
			{map[string]any{"number": "I", "invoice_date": e.today(), "amount": "1", "currency": "usd1", "due_date": e.today()}, "currency", "invalid_currency"},
			{map[string]any{"number": "I", "invoice_date": e.today(), "amount": "1", "currency": "USD", "due_date": models.AddDays(e.today(), -1)}, "due_date", "before_from"},
		} {
			r := e.as("merch", "PUT", url+"/invoice", c.body)
			if r.status != 422 || r.fieldCode(t, c.field) != c.code {
				t.Errorf("invoice %v: %d %s; want %s %s", c.body, r.status, r.body, c.field, c.code)
			}
		}
		due := models.AddDays(e.today(), 10)
		r := e.as("merch", "PUT", url+"/invoice", map[string]any{"number": "INV-7", "invoice_date": e.today(), "amount": "12345.6",
			"currency": "usd", "due_date": due})
		if r.status != 200 {
			t.Fatalf("invoice: %d %s", r.status, r.body)
		}
		inv := r.json(t)["invoice"].(map[string]any)
		if inv["amount"] != "12345.60" || inv["currency"] != "USD" || inv["number"] != "INV-7" {
			t.Fatalf("invoice: %v", inv)
		}
		// Partial payments add up; the total may not pass the invoice.
		r = e.as("merch", "POST", url+"/payments", map[string]any{"paid_date": e.today(), "amount": "10000", "reference": "TT-1"})
		if r.status != 201 || r.json(t)["balance"] != "2345.60" || r.json(t)["paid"] != "10000.00" {
			t.Fatalf("first payment: %d %s", r.status, r.body)
		}
		r = e.as("admin", "POST", url+"/payments", map[string]any{"paid_date": e.today(), "amount": "2345.61"})
		if r.status != 422 || r.fieldCode(t, "amount") != "over_invoice" {
			t.Fatalf("over the invoice: %d %s", r.status, r.body)
		}
		if p := r.json(t)["error"].(map[string]any)["fields"].(map[string]any)["amount"].(map[string]any)["params"].(map[string]any); p["balance"] != "2345.60" {
			t.Fatalf("over_invoice params: %v", p)
		}
		// Replacing the invoice below what was paid is refused.
		r = e.as("merch", "PUT", url+"/invoice", map[string]any{"number": "INV-7", "invoice_date": e.today(), "amount": "9999.99",
			"currency": "USD", "due_date": due})
		if r.status != 422 || r.fieldCode(t, "amount") != "below_paid" {
			t.Fatalf("invoice below paid: %d %s", r.status, r.body)
		}
		r = e.as("merch", "POST", url+"/payments", map[string]any{"paid_date": e.today(), "amount": "2345.60"})
		if r.status != 201 || r.json(t)["balance"] != "0.00" || len(r.json(t)["payments"].([]any)) != 2 {
			t.Fatalf("paying the rest: %d %s", r.status, r.body)
		}
		// An overpayment when stated.
		r = e.as("merch", "POST", url+"/payments", map[string]any{"paid_date": e.today(), "amount": "5", "allow_over_invoice": true})
		if r.status != 201 || r.json(t)["balance"] != "-5.00" || r.json(t)["overdue"] != false {
			t.Fatalf("overpayment: %d %s", r.status, r.body)
		}
		// Overdue: a balance after the due date, counted in days.
		oid2 := e.shippedOrder()
		e.invoiced(oid2, "100.00", models.AddDays(e.today(), -3))
		f = e.as("merch", "GET", fmt.Sprintf("/api/v1/orders/%d/finance", oid2), nil).json(t)
		if f["overdue"] != true || f["days_overdue"] != float64(3) || f["balance"] != "100.00" {
			t.Fatalf("overdue finance: %v", f)
		}
		// The factory: refused, and no finance field in anything it reads.
		if r := e.as("factory", "GET", url+"/finance", nil); r.status != 403 {
			t.Fatalf("factory finance: %d", r.status)
		}
		noFinanceKeys(t, e, oid)
	})
}

// noFinanceKeys walks every key of the factory's answers about an order.
func noFinanceKeys(t *testing.T, e *env, oid int64) {
	t.Helper()
	keys := map[string]int{}
	for _, u := range []string{fmt.Sprintf("/api/v1/orders/%d", oid), fmt.Sprintf("/api/v1/orders/%d/activity", oid), "/api/v1/orders",
		fmt.Sprintf("/api/v1/suppliers/%d/scorecard", e.suppliers["jinling"].ID)} {
		r := e.as("factory", "GET", u, nil)
		if r.status != 200 {
			t.Fatalf("factory GET %s: %d %s", u, r.status, r.body)
		}
		keysIn(r.json(t), keys)
	}
	for _, k := range []string{"invoice", "invoices", "payments", "payment", "paid", "balance", "days_overdue", "invoice_date",
		"invoice_id", "payment_id", "unit_price", "discount_amount", "discount_pct", "customer_contact"} {
		if keys[k] > 0 {
			t.Errorf("a factory answer carries %q", k)
		}
	}
}

func TestCloseOrder(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		// Not shipped: the table refuses.
		url := fmt.Sprintf("/api/v1/orders/%d/close", e.fixtureOrder())
		if r := e.as("merch", "POST", url, map[string]any{}); r.status != 409 || r.errorCode(t) != "order_not_closable" {
			t.Fatalf("close a confirmed order: %d %s", r.status, r.body)
		}
		oid := e.shippedOrder()
		url = fmt.Sprintf("/api/v1/orders/%d", oid)
		o := e.as("merch", "GET", url, nil).json(t)
		wantActions(t, "shipped, merch", o, "comment", "close")
		if r := e.as("factory", "POST", url+"/close", map[string]any{}); r.status != 403 {
			t.Fatalf("factory close: %d", r.status)
		}
		// Complaints open: 409 with their count.
		c1 := e.rawComplaint(oid, models.ComplaintInvestigating, 10)
		e.rawComplaint(oid, models.ComplaintClosed, 5)
		r := e.as("merch", "POST", url+"/close", map[string]any{})
		if r.status != 409 || r.errorCode(t) != "order_aftersales_open" {
			t.Fatalf("close with an open complaint: %d %s", r.status, r.body)
		}
		if p := r.json(t)["error"].(map[string]any)["params"].(map[string]any); p["complaints"] != float64(1) {
			t.Fatalf("order_aftersales_open params: %v", p)
		}
		if err := e.db.Gorm.Model(c1).Update("status", models.ComplaintClosed).Error; err != nil {
			t.Fatal(err)
		}
		// No invoice, then not paid in full.
		r = e.as("merch", "POST", url+"/close", map[string]any{})
		if r.status != 409 || r.errorCode(t) != "order_not_paid" {
			t.Fatalf("close without invoice: %d %s", r.status, r.body)
		}
		e.invoiced(oid, "12500.00", e.today())
		e.paid(oid, "12000.00")
		r = e.as("merch", "POST", url+"/close", map[string]any{})
		if r.status != 409 || r.errorCode(t) != "order_not_paid" ||
			r.json(t)["error"].(map[string]any)["params"].(map[string]any)["balance"] != "500.00" {
			t.Fatalf("close not paid: %d %s", r.status, r.body)
		}
		e.paid(oid, "500.00")
		r = e.as("merch", "POST", url+"/close", map[string]any{})
		if r.status != 200 || r.json(t)["status"] != models.StatusClosed {
			t.Fatalf("close: %d %s", r.status, r.body)
		}
		wantActions(t, "closed, merch", r.json(t), "comment")
		var o2 models.Order
		if err := e.db.Gorm.First(&o2, oid).Error; err != nil || o2.ClosedAt == nil {
			t.Fatalf("closed_at: %v %v", o2.ClosedAt, err)
		}
		var n int64
		e.db.Gorm.Model(&models.ActivityEvent{}).Where("order_id = ? AND kind = ?", oid, models.ActOrderClosed).Count(&n)
		if n != 1 {
			t.Fatalf("order_closed activity: %d", n)
		}
		if r := e.as("merch", "POST", url+"/close", map[string]any{}); r.status != 409 || r.errorCode(t) != "order_not_closable" {
			t.Fatalf("close twice: %d %s", r.status, r.body)
		}
		if r := e.as("merch", "PUT", url+"/invoice", map[string]any{"number": "INV-9", "invoice_date": e.today(), "amount": "1",
			"currency": "USD", "due_date": e.today()}); r.status != 409 || r.errorCode(t) != "order_closed" {
			t.Fatalf("invoice of a closed order: %d %s", r.status, r.body)
		}
		// Staff read the internal invoice and payment events (schema-checked).
		kinds := map[string]bool{}
		for _, ev := range e.as("merch", "GET", url+"/activity", nil).json(t)["items"].([]any) {
			kinds[ev.(map[string]any)["kind"].(string)] = true
		}
		if !kinds[models.ActInvoiceRecorded] || !kinds[models.ActPaymentRecorded] || !kinds[models.ActOrderClosed] {
			t.Errorf("staff activity kinds: %v", kinds)
		}
		noFinanceKeys(t, e, oid)
	})
}

func TestReceivables(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		e := newEnv(t, db)
		today := e.today()
		notDue, late3, late10, paidUp := e.shippedOrder(), e.shippedOrder(), e.shippedOrder(), e.shippedOrder()
		e.invoiced(notDue, "100.00", models.AddDays(today, 5))
		e.invoiced(late3, "200.00", models.AddDays(today, -3))
		e.invoiced(late10, "300.00", models.AddDays(today, -10))
		e.paid(late10, "120.50")
		e.invoiced(paidUp, "50.00", models.AddDays(today, -20))
		e.paid(paidUp, "50.00")
		e.shippedOrder() // no invoice: not a receivable

		ids := func(r *response) []int64 {
			var out []int64
			for _, it := range r.json(t)["items"].([]any) {
				out = append(out, int64(it.(map[string]any)["order_id"].(float64)))
			}
			return out
		}
		same := func(what string, got, want []int64) {
			t.Helper()
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
			}
		}
		// The orders are the merchandiser's: the default list is theirs.
		r := e.as("merch", "GET", "/api/v1/receivables", nil)
		same("all", ids(r), []int64{late10, late3, notDue})
		first := r.json(t)["items"].([]any)[0].(map[string]any)
		if first["balance"] != "179.50" || first["paid"] != "120.50" || first["days_overdue"] != float64(10) || first["overdue"] != true {
			t.Errorf("first receivable: %v", first)
		}
		same("overdue", ids(e.as("merch", "GET", "/api/v1/receivables?overdue=1", nil)), []int64{late10, late3})
		// Pages.
		r = e.as("merch", "GET", "/api/v1/receivables?limit=2", nil)
		same("page 1", ids(r), []int64{late10, late3})
		next := r.json(t)["next_cursor"].(string)
		same("page 2", ids(e.as("merch", "GET", "/api/v1/receivables?limit=2&cursor="+next, nil)), []int64{notDue})
		// Someone else's orders: none; the admin sees everyone's.
		same("admin's own", ids(e.as("admin", "GET", fmt.Sprintf("/api/v1/receivables?merchandiser_id=%d", e.users["admin"].ID), nil)), nil)
		same("admin", ids(e.as("admin", "GET", "/api/v1/receivables", nil)), []int64{late10, late3, notDue})
		same("merch, all", ids(e.as("merch", "GET", "/api/v1/receivables?merchandiser_id=all", nil)), []int64{late10, late3, notDue})
		if r := e.as("merch", "GET", "/api/v1/receivables?overdue=yes", nil); r.status != 422 {
			t.Errorf("overdue=yes: %d", r.status)
		}
		if r := e.as("factory", "GET", "/api/v1/receivables", nil); r.status != 403 {
			t.Errorf("factory receivables: %d", r.status)
		}
	})
}
