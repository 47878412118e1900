package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// The two reads a phone makes most after the list — one order, its plan —
// can bring the caller's auth state along: the users row joined by primary
// key into the same query, so the request costs one round trip instead of
// two (the server checks the state exactly as it checks GetAuthState's).
//
// The scope comes from that row, not from the token: a factory user sees
// the order only when it is its supplier's and confirmed, and the
// staff-only columns are selected as empty values when the row's role is
// factory, so a factory's rows never hold them.
//
// No row at all (an unknown user, or on MySQL an unknown order) returns a
// nil state: the caller then checks the user on its own before answering
// 404.
//
// On SQLite the same answers come from two reads (GetAuthState, then the
// order in the state's scope): there a read is a call into the process, not
// a round trip, and the joined statement took 0.48 ms of CPU against the
// two reads' 0.28 (bench/orders.sh, detail).

const authFields = "u.id, u.role, u.supplier_id, u.active, u.token_version, u.locale, "

// withAuth turns an order read that starts "SELECT … FROM orders o … WHERE
// o.id = ?" into one that starts from the caller's users row: the order id
// moves into the join, and the WHERE takes the user id (args: order id,
// then user id).
func withAuth(q string) string {
	q = strings.Replace(q, "SELECT ", "SELECT "+authFields, 1)
	q = strings.Replace(q, "FROM orders o ", "FROM users u JOIN orders o ON o.id = ? ", 1)
	if strings.Contains(q, "WHERE o.id = ?") {
		return strings.Replace(q, "WHERE o.id = ?", "WHERE u.id = ?", 1)
	}
	return q + " WHERE u.id = ?"
}

// staffOnlyForRole blanks the staff-only columns when the joined users row
// is a factory user's (the joined reads' counterpart of factorySelects).
var staffOnlyForRole = func() *strings.Replacer {
	blank := func(col, empty string) []string {
		return []string{col + ",", "CASE WHEN u.role IN ('" + string(RoleFactory) + "', '" + string(RoleQC) + "') THEN " + empty + " ELSE " + col + " END,"}
	}
	var pairs []string
	for _, c := range [][2]string{{"o.merchandiser_id", "0"}, {"o.template_id", "NULL"}, {"o.baseline_ex_factory_date", "''"},
		{"o.internal_notes", "''"}, {"o.unit_price", "''"}, {"o.currency", "''"}} {
		pairs = append(pairs, blank(c[0], c[1])...)
	}
	return strings.NewReplacer(pairs...)
}()

var (
	orderViewAsMySQL = withAuth(staffOnlyForRole.Replace(orderViewSelectWithLines))
	planAsMySQL      = withAuth("SELECT " + planColumns + planFromMySQL)
)

// authStateOrNil is GetAuthState with nil for an unknown user.
func (s *Store) authStateOrNil(ctx context.Context, uid int64) (*AuthState, error) {
	st, err := s.GetAuthState(ctx, uid)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return st, err
}

// authScan holds the auth columns of a joined read while rows are scanned.
type authScan struct {
	st  AuthState
	sup sql.NullInt64
}

func (a *authScan) dest() []any {
	return []any{&a.st.ID, &a.st.Role, &a.sup, &a.st.Active, &a.st.TokenVersion, &a.st.Locale}
}

func (a *authScan) state() *AuthState {
	st := a.st
	st.SupplierID = nullInt(a.sup)
	return &st
}

// GetOrderViewAs is GetOrderView for user uid, with uid's auth state read
// in the same query. The view is nil when the state's scope may not see
// the order; both are nil when there was no row (see above).
func (s *Store) GetOrderViewAs(ctx context.Context, id, uid int64) (*AuthState, *OrderView, error) {
	if s.dialect == SQLite {
		st, err := s.authStateOrNil(ctx, uid)
		if st == nil || err != nil {
			return nil, nil, err
		}
		v, err := s.GetOrderView(ctx, id, st.Scope())
		if errors.Is(err, ErrNotFound) {
			return st, nil, nil
		}
		return st, v, err
	}
	rows, err := s.query(ctx, orderViewAsMySQL, id, uid)
	if err != nil {
		return nil, nil, fmt.Errorf("get order: %w", err)
	}
	var a authScan
	views, err := s.scanOrderViews(rows, 1, true, a.dest()...)
	if err != nil || len(views) == 0 {
		return nil, nil, err
	}
	st := a.state()
	if err := s.fillQC(ctx, st); err != nil { // a qc user's suppliers: one more read, for qc only
		return nil, nil, err
	}
	if !st.Scope().Visible(&views[0].Order) {
		return st, nil, nil
	}
	return st, &views[0], nil
}

// GetPlanAs is GetPlan for user uid, with uid's auth state read in the same
// query: the head and steps are nil when the state's scope may not see the
// order; everything is nil when there was no row.
func (s *Store) GetPlanAs(ctx context.Context, id, uid int64) (*AuthState, *OrderHead, []Milestone, error) {
	if s.dialect == SQLite {
		st, err := s.authStateOrNil(ctx, uid)
		if st == nil || err != nil {
			return nil, nil, nil, err
		}
		h, ms, err := s.GetPlan(ctx, id, st.Scope())
		if errors.Is(err, ErrNotFound) {
			return st, nil, nil, nil
		}
		return st, h, ms, err
	}
	var a authScan
	h, ms, err := s.getPlanColumns(ctx, planAsMySQL, []any{id, uid}, a.dest()...)
	if err != nil || h == nil {
		return nil, nil, nil, err
	}
	st := a.state()
	if err := s.fillQC(ctx, st); err != nil {
		return nil, nil, nil, err
	}
	if !st.Scope().seesHead(h) {
		return st, nil, nil, nil
	}
	return st, h, ms, nil
}
