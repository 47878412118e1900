package models_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// fixturePassword is the password of every user inserted with fixtureHash.
// Argon2id is slow on purpose (~100 ms under -race), so the hash is computed
// once per test binary and fixtures are inserted directly.
const fixturePassword = "fixture-pass-2026"

var fixtureHash = sync.OnceValue(func() string {
	h, err := models.HashPassword(fixturePassword)
	if err != nil {
		panic(err)
	}
	return h
})

type fx struct {
	t     *testing.T
	ctx   context.Context
	db    *models.DB
	store *models.Store
	clock *testdb.Clock
}

func newFx(t *testing.T, db *models.DB) *fx {
	clock := testdb.NewClock()
	return &fx{t: t, ctx: context.Background(), db: db, store: models.NewStore(db, clock, testdb.TokenKey), clock: clock}
}

func (f *fx) supplier(code string) *models.Supplier {
	f.t.Helper()
	sp := &models.Supplier{Code: code, Name: "供应商 " + code, Active: true}
	if err := f.store.CreateSupplier(f.ctx, sp); err != nil {
		f.t.Fatalf("create supplier %s: %v", code, err)
	}
	return sp
}

// user inserts an active user whose password is fixturePassword, without
// hashing again.
func (f *fx) user(email, phone string, role models.Role, supplierID *int64) *models.User {
	f.t.Helper()
	now := f.clock.Now()
	u := &models.User{Name: "用户 " + email, Email: email, PasswordHash: fixtureHash(), Role: role,
		SupplierID: supplierID, Locale: models.LocaleZH, Active: true, CreatedAt: now, UpdatedAt: now}
	if phone != "" {
		u.Phone = &phone
	}
	if err := f.db.Gorm.Create(u).Error; err != nil {
		f.t.Fatalf("insert user %s: %v", email, err)
	}
	return u
}

func (f *fx) count(model any) int64 {
	f.t.Helper()
	var n int64
	if err := f.db.Gorm.Model(model).Count(&n).Error; err != nil {
		f.t.Fatal(err)
	}
	return n
}

// wantInvalid asserts that err is a ValidationError naming field (and, if
// given, with that problem code).
func wantInvalid(t *testing.T, err error, field, code string) {
	t.Helper()
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got error %v, want a ValidationError on %q", err, field)
	}
	problem, ok := ve.Fields[field]
	if !ok {
		t.Fatalf("ValidationError %v does not name %q", ve, field)
	}
	if code != "" && problem.Code != code {
		t.Fatalf("problem with %q is %+v, want code %q", field, problem, code)
	}
	if _, ok := models.FieldCodes[problem.Code]; !ok {
		t.Fatalf("problem with %q has the unregistered code %q", field, problem.Code)
	}
}

// hashHex is how the store keys a refresh token: its SHA-256 in hex.
func hashHex(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

func ptr[T any](v T) *T { return &v }

func TestSupplierCreate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		sp := &models.Supplier{Code: "  hz-jl ", Name: " 杭州锦绫服饰有限公司 ", NameEn: "Hangzhou Jinling Apparel",
			ContactEmail: "sales@jinling.example", Active: true}
		if err := f.store.CreateSupplier(f.ctx, sp); err != nil {
			t.Fatal(err)
		}
		if sp.ID <= 0 || sp.Code != "HZ-JL" || sp.Name != "杭州锦绫服饰有限公司" {
			t.Fatalf("created %+v; want an id, code HZ-JL and a trimmed name", sp)
		}
		if !sp.CreatedAt.Equal(f.clock.Now()) || !sp.UpdatedAt.Equal(f.clock.Now()) {
			t.Errorf("timestamps %v/%v, want the store clock %v", sp.CreatedAt, sp.UpdatedAt, f.clock.Now())
		}
		got, err := f.store.GetSupplierByCode(f.ctx, " hz-jl")
		if err != nil {
			t.Fatalf("GetSupplierByCode(lower-case): %v", err)
		}
		if got.ID != sp.ID || got.Code != "HZ-JL" || !got.Active || got.ContactEmail != "sales@jinling.example" ||
			!got.CreatedAt.Equal(sp.CreatedAt) {
			t.Fatalf("read back %+v, want %+v", got, sp)
		}
		if _, err := f.store.GetSupplier(f.ctx, sp.ID+1000); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("GetSupplier(unknown) = %v, want ErrNotFound", err)
		}
		if _, err := f.store.GetSupplierByCode(f.ctx, "NOPE"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("GetSupplierByCode(unknown) = %v, want ErrNotFound", err)
		}

		bad := []struct {
			name, field, substr string
			sp                  models.Supplier
		}{
			{"duplicate code, other case", "code", "already_used", models.Supplier{Code: "hz-jl", Name: "另一家"}},
			{"one-character code", "code", "", models.Supplier{Code: "A", Name: "n"}},
			{"code with a space", "code", "", models.Supplier{Code: "HZ JL", Name: "n"}},
			{"code starting with a dash", "code", "", models.Supplier{Code: "-HZ", Name: "n"}},
			{"Chinese code", "code", "", models.Supplier{Code: "杭州", Name: "n"}},
			{"33-character code", "code", "", models.Supplier{Code: strings.Repeat("A", 33), Name: "n"}},
			{"missing name", "name", "required", models.Supplier{Code: "OK-1"}},
			{"blank name", "name", "required", models.Supplier{Code: "OK-1", Name: "   "}},
			{"name of 201 characters", "name", "too_long", models.Supplier{Code: "OK-1", Name: strings.Repeat("锦", 201)}},
			{"bad contact e-mail", "contact_email", "", models.Supplier{Code: "OK-1", Name: "n", ContactEmail: "not-an-email"}},
			{"contact e-mail with display name", "contact_email", "", models.Supplier{Code: "OK-1", Name: "n", ContactEmail: "Chen <chen@x.example>"}},
			{"NUL in address", "address", "invalid_chars", models.Supplier{Code: "OK-1", Name: "n", Address: "a\x00b"}},
		}
		for _, tc := range bad {
			sp := tc.sp
			err := f.store.CreateSupplier(f.ctx, &sp)
			t.Run(tc.name, func(t *testing.T) { wantInvalid(t, err, tc.field, tc.substr) })
		}
		if n := f.count(&models.Supplier{}); n != 1 {
			t.Fatalf("%d suppliers after the invalid creates, want 1", n)
		}

		// 32 characters is the longest code; 200 Chinese characters the
		// longest name (600 bytes: the MySQL column counts characters).
		long := &models.Supplier{Code: strings.Repeat("B", 32), Name: strings.Repeat("锦", 200)}
		if err := f.store.CreateSupplier(f.ctx, long); err != nil {
			t.Fatalf("longest code and name: %v", err)
		}
		got, err = f.store.GetSupplier(f.ctx, long.ID)
		if err != nil || got.Name != long.Name || got.Code != long.Code {
			t.Fatalf("longest values read back as %+v, %v", got, err)
		}
	})
}

func TestSupplierUnicodeRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		in := models.Supplier{
			Code:         "HZ-JL",
			Name:         "杭州锦绫服饰有限公司",
			NameEn:       "Jinling 🧵👕 Apparel",
			ContactName:  "陈建华",
			ContactPhone: "+86 571 8765 4321",
			Address:      "浙江省杭州市萧山区建设四路 88 号 𠀀𪚥 ☃",
		}
		sp := in
		if err := f.store.CreateSupplier(f.ctx, &sp); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.GetSupplier(f.ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != in.Name || got.NameEn != in.NameEn || got.ContactName != in.ContactName || got.Address != in.Address {
			t.Fatalf("round trip changed the text:\n got  %q %q %q %q\n want %q %q %q %q",
				got.Name, got.NameEn, got.ContactName, got.Address, in.Name, in.NameEn, in.ContactName, in.Address)
		}
		// Search by a Chinese fragment finds it; another fragment does not.
		rows, _, err := f.store.ListSuppliers(f.ctx, models.SupplierFilter{Query: "锦绫"})
		if err != nil || len(rows) != 1 || rows[0].Name != in.Name {
			t.Fatalf("search 锦绫 = %v, %v; want the supplier", rows, err)
		}
		rows, _, err = f.store.ListSuppliers(f.ctx, models.SupplierFilter{Query: "华兴"})
		if err != nil || len(rows) != 0 {
			t.Fatalf("search 华兴 = %v, %v; want nothing", rows, err)
		}
	})
}

func TestUpdateSupplier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		sp := &models.Supplier{Code: "DG-HX", Name: "东莞华兴针织厂", NameEn: "Dongguan Huaxing", ContactName: "林晓燕",
			ContactEmail: "merch@huaxing.example", Address: "广东省东莞市", Active: true}
		if err := f.store.CreateSupplier(f.ctx, sp); err != nil {
			t.Fatal(err)
		}
		created := sp.CreatedAt
		f.clock.Advance(time.Hour)

		out, err := f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{Name: ptr("东莞华兴针织有限公司"), Active: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.store.GetSupplier(f.ctx, sp.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []*models.Supplier{out, got} {
			if s.Name != "东莞华兴针织有限公司" || s.Active {
				t.Errorf("patched fields: name %q active %v; want the new name and inactive", s.Name, s.Active)
			}
			if s.Code != "DG-HX" || s.NameEn != "Dongguan Huaxing" || s.ContactName != "林晓燕" ||
				s.ContactEmail != "merch@huaxing.example" || s.Address != "广东省东莞市" {
				t.Errorf("fields outside the patch changed: %+v", s)
			}
			// updated_at moves forward; GORM's autoUpdateTime stamps it from
			// its own NowFunc, so the exact value is not the store clock's.
			if !s.CreatedAt.Equal(created) || !s.UpdatedAt.After(created) {
				t.Errorf("created %v updated %v; want created unchanged (%v) and updated later",
					s.CreatedAt, s.UpdatedAt, created)
			}
		}
		// MySQL keeps microseconds; the returned value may carry nanoseconds.
		if d := out.UpdatedAt.Sub(got.UpdatedAt); d < -time.Millisecond || d > time.Millisecond {
			t.Errorf("UpdateSupplier returned updated_at %v but stored %v", out.UpdatedAt, got.UpdatedAt)
		}

		// Clearing an optional field to "" is a change, not "no change".
		if _, err := f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{Address: ptr("")}); err != nil {
			t.Fatal(err)
		}
		if got, _ := f.store.GetSupplier(f.ctx, sp.ID); got.Address != "" || got.ContactName != "林晓燕" {
			t.Fatalf("after clearing the address: %+v", got)
		}

		_, err = f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{ContactEmail: ptr("nope"), Name: ptr("不应保存")})
		wantInvalid(t, err, "contact_email", "")
		_, err = f.store.UpdateSupplier(f.ctx, sp.ID, models.SupplierPatch{Name: ptr(" ")})
		wantInvalid(t, err, "name", "required")
		if got, _ := f.store.GetSupplier(f.ctx, sp.ID); got.Name != "东莞华兴针织有限公司" || got.ContactEmail != "merch@huaxing.example" {
			t.Fatalf("an invalid patch was saved: %+v", got)
		}
		if _, err := f.store.UpdateSupplier(f.ctx, sp.ID+1000, models.SupplierPatch{Name: ptr("x")}); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("UpdateSupplier(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestListSuppliersPaging(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		var ids []int64
		for i := 1; i <= 5; i++ {
			ids = append(ids, f.supplier(fmt.Sprintf("S%d", i)).ID)
		}
		var seen []int64
		var sizes []int
		cursor := ""
		for page := 0; ; page++ {
			if page > 5 {
				t.Fatal("paging does not end")
			}
			rows, next, err := f.store.ListSuppliers(f.ctx, models.SupplierFilter{Page: models.Page{Limit: 2, Cursor: cursor}})
			if err != nil {
				t.Fatal(err)
			}
			sizes = append(sizes, len(rows))
			for _, r := range rows {
				seen = append(seen, r.ID)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if fmt.Sprint(sizes) != "[2 2 1]" {
			t.Fatalf("page sizes %v, want [2 2 1]", sizes)
		}
		if fmt.Sprint(seen) != fmt.Sprint(ids) {
			t.Fatalf("paged ids %v, want every supplier once in id order %v", seen, ids)
		}

		rows, next, err := f.store.ListSuppliers(f.ctx, models.SupplierFilter{})
		if err != nil || len(rows) != 5 || next != "" {
			t.Fatalf("default page: %d rows, cursor %q, %v; want all 5 and no cursor", len(rows), next, err)
		}
		// Exactly a page's worth: no cursor to an empty page.
		rows, next, err = f.store.ListSuppliers(f.ctx, models.SupplierFilter{Page: models.Page{Limit: 5}})
		if err != nil || len(rows) != 5 || next != "" {
			t.Fatalf("limit 5 of 5: %d rows, cursor %q, %v; want 5 and no cursor", len(rows), next, err)
		}
		rows, _, err = f.store.ListSuppliers(f.ctx, models.SupplierFilter{OnlyID: &ids[3]})
		if err != nil || len(rows) != 1 || rows[0].ID != ids[3] {
			t.Fatalf("OnlyID: %v, %v", rows, err)
		}
		for _, bad := range []string{"garbage!", "bm90LWEtY3Vyc29y", models.EncodeCursor(1)[:3], "YzE6LTE"} {
			_, _, err := f.store.ListSuppliers(f.ctx, models.SupplierFilter{Page: models.Page{Limit: 2, Cursor: bad}})
			wantInvalid(t, err, "cursor", "")
		}
	})
}

func TestCreateUserValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		sp := f.supplier("HZ-JL")
		okUser := func(mod func(*models.NewUser)) models.NewUser {
			in := models.NewUser{Name: "陈建华", Email: "chen@jinling.example", Password: "a-long-unusual-pass",
				Role: models.RoleFactory, SupplierID: &sp.ID}
			mod(&in)
			return in
		}
		unknown := sp.ID + 1000
		tests := []struct {
			name, field, substr string
			in                  models.NewUser
		}{
			{"factory without supplier", "supplier_id", "required_for_factory", okUser(func(u *models.NewUser) { u.SupplierID = nil })},
			{"admin with a supplier", "supplier_id", "only_for_factory", okUser(func(u *models.NewUser) { u.Role = models.RoleAdmin })},
			{"merchandiser with a supplier", "supplier_id", "only_for_factory", okUser(func(u *models.NewUser) { u.Role = models.RoleMerchandiser })},
			{"unknown supplier", "supplier_id", "unknown_supplier", okUser(func(u *models.NewUser) { u.SupplierID = &unknown })},
			{"unknown role", "role", "", okUser(func(u *models.NewUser) { u.Role = "boss" })},
			{"bad locale", "locale", "", okUser(func(u *models.NewUser) { u.Locale = "fr" })},
			{"common password", "password", "common_password", okUser(func(u *models.NewUser) { u.Password = "Password1" })},
			{"short password", "password", "too_short", okUser(func(u *models.NewUser) { u.Password = "short" })},
			{"no password", "password", "required", okUser(func(u *models.NewUser) { u.Password = "" })},
			{"no e-mail", "email", "required", okUser(func(u *models.NewUser) { u.Email = "" })},
			{"bad e-mail", "email", "", okUser(func(u *models.NewUser) { u.Email = "chen.jinling.example" })},
			{"bad phone", "phone", "", okUser(func(u *models.NewUser) { u.Phone = "call me" })},
			{"no name", "name", "required", okUser(func(u *models.NewUser) { u.Name = " " })},
		}
		for _, tc := range tests {
			_, err := f.store.CreateUser(f.ctx, tc.in)
			t.Run(tc.name, func(t *testing.T) { wantInvalid(t, err, tc.field, tc.substr) })
		}
		if n := f.count(&models.User{}); n != 0 {
			t.Fatalf("%d users after only invalid creates, want 0", n)
		}
	})
}

func TestCreateUserAndDuplicates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		sp := f.supplier("HZ-JL")
		const pw = "杭州的秋天很美-2026"
		u, err := f.store.CreateUser(f.ctx, models.NewUser{Name: " 陈建华 ", Email: " Chen.JH@Jinling.Example ",
			Phone: "139 0000-0011", Password: pw, Role: models.RoleFactory, SupplierID: &sp.ID})
		if err != nil {
			t.Fatal(err)
		}
		if u.ID <= 0 || u.Name != "陈建华" || u.Email != "chen.jh@jinling.example" || u.Phone == nil || *u.Phone != "13900000011" {
			t.Fatalf("created %+v; want trimmed name, lower-case e-mail, bare phone", u)
		}
		if u.Locale != models.LocaleZH || !u.Active || u.TokenVersion != 0 || u.SupplierID == nil || *u.SupplierID != sp.ID {
			t.Fatalf("created %+v; want zh-CN, active, version 0, the supplier", u)
		}
		if !strings.HasPrefix(u.PasswordHash, "$argon2id$") || strings.Contains(u.PasswordHash, pw) {
			t.Fatalf("stored password hash %q is not an argon2id hash", u.PasswordHash)
		}
		// The stored hash is the one Authenticate checks.
		if got, err := f.store.Authenticate(f.ctx, "chen.jh@jinling.example", pw); err != nil || got.ID != u.ID {
			t.Fatalf("Authenticate the new user = %v, %v", got, err)
		}

		_, err = f.store.CreateUser(f.ctx, models.NewUser{Name: "冒名者", Email: "CHEN.JH@jinling.example",
			Password: "another-long-pass", Role: models.RoleAdmin})
		wantInvalid(t, err, "email", "already_used")
		_, err = f.store.CreateUser(f.ctx, models.NewUser{Name: "冒名者", Email: "other@jinling.example",
			Phone: "139-0000-0011", Password: "another-long-pass", Role: models.RoleAdmin})
		wantInvalid(t, err, "phone", "already_used")
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			if _, ok := ve.Fields["email"]; ok {
				t.Fatalf("a duplicate phone was reported as a duplicate e-mail: %v", ve)
			}
		}
		if n := f.count(&models.User{}); n != 1 {
			t.Fatalf("%d users, want 1: a duplicate was stored", n)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		u := f.user("li.wang@example.com", "13800000001", models.RoleMerchandiser, nil)
		off := f.user("gone@example.com", "13800000009", models.RoleMerchandiser, nil)
		if err := db.Gorm.Model(off).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)

		for _, login := range []string{" Li.Wang@EXAMPLE.com ", "138-0000 0001", "(138) 0000.0001"} {
			got, err := f.store.Authenticate(f.ctx, login, fixturePassword)
			if err != nil {
				t.Fatalf("Authenticate(%q): %v", login, err)
			}
			if got.ID != u.ID || got.LastLoginAt == nil || !got.LastLoginAt.Equal(f.clock.Now()) {
				t.Fatalf("Authenticate(%q) = %+v; want user %d with last login now", login, got, u.ID)
			}
		}
		stored, err := f.store.GetUser(f.ctx, u.ID)
		if err != nil || stored.LastLoginAt == nil || !stored.LastLoginAt.Equal(f.clock.Now()) {
			t.Fatalf("last_login_at not stored: %+v, %v", stored, err)
		}

		for _, tc := range []struct{ name, login, pw string }{
			{"wrong password", "li.wang@example.com", fixturePassword + "x"},
			{"password of another case", "li.wang@example.com", strings.ToUpper(fixturePassword)},
			{"unknown e-mail", "nobody@example.com", fixturePassword},
			{"unknown phone", "13800000002", fixturePassword},
			{"empty login", "  ", fixturePassword},
			{"disabled user, right password", "gone@example.com", fixturePassword},
		} {
			if got, err := f.store.Authenticate(f.ctx, tc.login, tc.pw); !errors.Is(err, models.ErrUnauthorized) || got != nil {
				t.Errorf("%s: Authenticate = %v, %v; want ErrUnauthorized", tc.name, got, err)
			}
		}
		if got, _ := f.store.GetUser(f.ctx, off.ID); got.LastLoginAt != nil {
			t.Fatalf("a refused login of a disabled user set last_login_at")
		}
	})
}

// tokensOf lists a user's refresh tokens in id order.
func tokensOf(t *testing.T, db *models.DB, userID int64) []models.RefreshToken {
	t.Helper()
	var rows []models.RefreshToken
	if err := db.Gorm.Where("user_id = ?", userID).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestUpdateUserRevokesSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		u := f.user("merch@example.com", "", models.RoleMerchandiser, nil)
		other := f.user("other@example.com", "", models.RoleMerchandiser, nil)
		raw1, err := f.store.IssueRefreshToken(f.ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw2, err := f.store.IssueRefreshToken(f.ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, succ1, err := f.store.RotateRefreshToken(f.ctx, raw1)
		if err != nil {
			t.Fatal(err)
		}
		otherRaw, err := f.store.IssueRefreshToken(f.ctx, other.ID)
		if err != nil {
			t.Fatal(err)
		}

		// A name change keeps sessions.
		f.clock.Advance(time.Minute)
		out, err := f.store.UpdateUser(f.ctx, u.ID, models.UserPatch{Name: ptr("王丽")})
		if err != nil || out.Name != "王丽" || out.TokenVersion != 0 {
			t.Fatalf("rename = %+v, %v; want the new name and token version 0", out, err)
		}
		for _, rt := range tokensOf(t, db, u.ID) {
			if rt.RevokedAt != nil {
				t.Fatalf("a rename revoked token %d", rt.ID)
			}
		}

		f.clock.Advance(time.Minute)
		out, err = f.store.UpdateUser(f.ctx, u.ID, models.UserPatch{Active: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		if out.Active || out.TokenVersion != 1 || out.Name != "王丽" {
			t.Fatalf("disabled user = %+v; want inactive, token version 1, name kept", out)
		}
		st, err := f.store.GetAuthState(f.ctx, u.ID)
		if err != nil || st.Active || st.TokenVersion != 1 {
			t.Fatalf("auth state after disabling = %+v, %v; want inactive, version 1", st, err)
		}
		rows := tokensOf(t, db, u.ID)
		if len(rows) != 3 {
			t.Fatalf("%d tokens, want 3 (two families, one rotated)", len(rows))
		}
		for _, rt := range rows {
			if rt.RevokedAt == nil {
				t.Errorf("token %d of the disabled user is not revoked", rt.ID)
			}
		}
		for name, raw := range map[string]string{"unused token": raw2, "successor": succ1} {
			if _, _, err := f.store.RotateRefreshToken(f.ctx, raw); !errors.Is(err, models.ErrUnauthorized) {
				t.Errorf("rotate %s of a disabled user = %v, want ErrUnauthorized", name, err)
			}
		}
		// Re-enabling does not bring the old sessions back.
		if out, err := f.store.UpdateUser(f.ctx, u.ID, models.UserPatch{Active: ptr(true)}); err != nil || !out.Active {
			t.Fatalf("re-enable = %+v, %v", out, err)
		}
		if _, _, err := f.store.RotateRefreshToken(f.ctx, raw2); !errors.Is(err, models.ErrUnauthorized) {
			t.Errorf("rotate after re-enabling = %v, want ErrUnauthorized", err)
		}

		// A role change revokes too.
		out, err = f.store.UpdateUser(f.ctx, u.ID, models.UserPatch{Role: ptr(models.RoleAdmin)})
		if err != nil || out.Role != models.RoleAdmin || out.TokenVersion != 2 {
			t.Fatalf("role change = %+v, %v; want admin and token version 2", out, err)
		}

		// The other user's session is untouched.
		if uid, _, err := f.store.RotateRefreshToken(f.ctx, otherRaw); err != nil || uid != other.ID {
			t.Fatalf("rotate another user's token = %d, %v; want it to work", uid, err)
		}
		if _, err := f.store.UpdateUser(f.ctx, u.ID+1000, models.UserPatch{Active: ptr(false)}); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("UpdateUser(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestRefreshRotationConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		u := f.user("tabs@example.com", "", models.RoleMerchandiser, nil)
		raw, err := f.store.IssueRefreshToken(f.ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		type result struct {
			uid  int64
			next string
			err  error
		}
		results := make([]result, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				uid, next, err := f.store.RotateRefreshToken(f.ctx, raw)
				results[i] = result{uid, next, err}
			}()
		}
		close(start)
		wg.Wait()
		for i, r := range results {
			if r.err != nil {
				t.Fatalf("rotation %d of %d racing twins failed: %v", i, n, r.err)
			}
			if r.uid != u.ID || r.next == "" || r.next != results[0].next {
				t.Fatalf("rotation %d = (%d, %q), want (%d, %q): every twin gets the same successor",
					i, r.uid, r.next, u.ID, results[0].next)
			}
		}
		if results[0].next == raw {
			t.Fatal("the successor equals the spent token")
		}
		rows := tokensOf(t, db, u.ID)
		if len(rows) != 2 || rows[0].UsedAt == nil || rows[1].UsedAt != nil || rows[0].FamilyID != rows[1].FamilyID {
			t.Fatalf("tokens after racing rotations: %+v; want the spent one and one successor in the same family", rows)
		}
		for _, rt := range rows {
			if rt.RevokedAt != nil {
				t.Fatalf("racing rotations revoked token %d", rt.ID)
			}
		}
		if _, next2, err := f.store.RotateRefreshToken(f.ctx, results[0].next); err != nil || next2 == results[0].next {
			t.Fatalf("rotate the successor = %q, %v", next2, err)
		}
	})
}

func TestRefreshRotationReuseAndExpiry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		u := f.user("reuse@example.com", "", models.RoleMerchandiser, nil)
		issue := func() string {
			t.Helper()
			raw, err := f.store.IssueRefreshToken(f.ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return raw
		}
		rotate := func(raw string) string {
			t.Helper()
			uid, next, err := f.store.RotateRefreshToken(f.ctx, raw)
			if err != nil || uid != u.ID {
				t.Fatalf("rotate = %d, %v; want user %d", uid, err, u.ID)
			}
			return next
		}

		// At the very end of the grace window a twin still gets the successor.
		a := issue()
		a1 := rotate(a)
		f.clock.Advance(models.RefreshGrace)
		if got := rotate(a); got != a1 {
			t.Fatalf("rotation at the end of the grace window gave %q, want the successor %q", got, a1)
		}

		// After the grace window, reuse is theft: the whole family goes.
		b := issue()
		b1 := rotate(b)
		f.clock.Advance(models.RefreshGrace + time.Second)
		if _, _, err := f.store.RotateRefreshToken(f.ctx, b); !errors.Is(err, models.ErrTokenReused) {
			t.Fatalf("reuse after the grace window = %v, want ErrTokenReused", err)
		}
		if _, _, err := f.store.RotateRefreshToken(f.ctx, b1); !errors.Is(err, models.ErrUnauthorized) {
			t.Fatalf("successor after reuse = %v, want ErrUnauthorized (family revoked)", err)
		}
		var fam []models.RefreshToken
		if err := db.Gorm.Where("family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?)",
			hashHex(b)).Find(&fam).Error; err != nil {
			t.Fatal(err)
		}
		if len(fam) != 2 {
			t.Fatalf("family of the reused token has %d tokens, want 2", len(fam))
		}
		for _, rt := range fam {
			if rt.RevokedAt == nil {
				t.Errorf("token %d of the reused family is not revoked", rt.ID)
			}
		}
		// Other families of the same user are untouched.
		if _, _, err := f.store.RotateRefreshToken(f.ctx, a1); err != nil {
			t.Fatalf("another family after a reuse = %v, want it to work", err)
		}

		// Within the grace window, but the successor has been spent already:
		// also reuse.
		c := issue()
		c1 := rotate(c)
		rotate(c1)
		if _, _, err := f.store.RotateRefreshToken(f.ctx, c); !errors.Is(err, models.ErrTokenReused) {
			t.Fatalf("twin after the successor was spent = %v, want ErrTokenReused", err)
		}

		// Expiry.
		d := issue()
		e := issue()
		f.clock.Advance(models.RefreshTTL - time.Second)
		rotate(d)
		f.clock.Advance(time.Second)
		if _, _, err := f.store.RotateRefreshToken(f.ctx, e); !errors.Is(err, models.ErrUnauthorized) {
			t.Fatalf("expired token = %v, want ErrUnauthorized", err)
		}

		for _, bad := range []string{"", "nope", "rt1.unknown", "rt1." + strings.Repeat("x", 200)} {
			if _, _, err := f.store.RotateRefreshToken(f.ctx, bad); !errors.Is(err, models.ErrUnauthorized) {
				t.Errorf("rotate %q = %v, want ErrUnauthorized", bad, err)
			}
		}
		if err := f.store.RevokeRefreshFamily(f.ctx, "rt1.unknown"); err != nil {
			t.Errorf("revoking an unknown token = %v, want nil (logout twice is fine)", err)
		}
	})
}

func TestIdempotencyKeys(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		const uid, other = 7, 8
		hash := strings.Repeat("ab", 32)
		rec, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "key-1", "POST", "/api/suppliers", hash)
		if err != nil || !claimed || rec.ID == 0 || rec.Status != 0 {
			t.Fatalf("first claim = %+v, %v, %v; want a new in-flight record", rec, claimed, err)
		}
		if !rec.ExpiresAt.Equal(f.clock.Now().Add(models.IdempotencyTTL)) {
			t.Fatalf("expires %v, want now + TTL", rec.ExpiresAt)
		}
		again, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "key-1", "POST", "/api/suppliers", hash)
		if err != nil || claimed || again.ID != rec.ID || again.Status != 0 || again.RequestHash != hash || again.Path != "/api/suppliers" {
			t.Fatalf("second claim = %+v, %v, %v; want the existing record, not claimed", again, claimed, err)
		}
		// Keys are per user.
		if r, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, other, "key-1", "POST", "/api/suppliers", hash); err != nil || !claimed || r.ID == rec.ID {
			t.Fatalf("another user's claim of the same key = %+v, %v, %v; want a fresh claim", r, claimed, err)
		}

		body := []byte(`{"id":1,"name":"杭州锦绫"}`)
		if err := f.store.CompleteIdempotencyKey(f.ctx, rec.ID, 201, "application/json", body); err != nil {
			t.Fatal(err)
		}
		got, err := f.store.GetIdempotencyKey(f.ctx, uid, "key-1")
		if err != nil || got.Status != 201 || got.ContentType != "application/json" || string(got.ResponseBody) != string(body) {
			t.Fatalf("completed record = %+v, %v", got, err)
		}
		if again, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "key-1", "POST", "/api/suppliers", hash); err != nil || claimed ||
			again.Status != 201 || string(again.ResponseBody) != string(body) {
			t.Fatalf("claim after completion = %+v, %v, %v; want the stored response", again, claimed, err)
		}

		// Release forgets the claim; the retry claims afresh.
		rel, _, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "key-2", "PATCH", "/api/users/1", hash)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.ReleaseIdempotencyKey(f.ctx, rel.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.GetIdempotencyKey(f.ctx, uid, "key-2"); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("Get after Release = %v, want ErrNotFound", err)
		}
		if r, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "key-2", "PATCH", "/api/users/1", hash); err != nil || !claimed || r.ID == rel.ID {
			t.Fatalf("claim after release = %+v, %v, %v; want a fresh claim", r, claimed, err)
		}

		// Expiry: an expired key not yet purged starts afresh on its next claim.
		old, _, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "old", "POST", "/api/x", hash)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.CompleteIdempotencyKey(f.ctx, old.ID, 200, "application/json", []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(models.IdempotencyTTL - time.Second)
		if r, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "old", "POST", "/api/x", hash); err != nil || claimed || r.ID != old.ID {
			t.Fatalf("claim just before expiry = %+v, %v, %v; want the stored record", r, claimed, err)
		}
		if _, _, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "fresh", "POST", "/api/x", hash); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Second)
		renewed, claimed, err := f.store.ClaimIdempotencyKey(f.ctx, uid, "old", "POST", "/api/y", "ff")
		if err != nil || !claimed || renewed.ID == old.ID || renewed.Status != 0 || renewed.Path != "/api/y" {
			t.Fatalf("claim of an expired key = %+v, %v, %v; want a fresh in-flight claim", renewed, claimed, err)
		}
		if got, err := f.store.GetIdempotencyKey(f.ctx, uid, "old"); err != nil || got.ID != renewed.ID || len(got.ResponseBody) != 0 {
			t.Fatalf("record after renewing = %+v, %v; want only the new claim", got, err)
		}

		// Purge deletes what is past its time and nothing else: key-1 (other
		// user too) and key-2 expired, "fresh" and the renewed "old" have not.
		n, err := f.store.PurgeIdempotencyKeys(f.ctx)
		if err != nil || n != 3 {
			t.Fatalf("PurgeIdempotencyKeys = %d, %v; want 3", n, err)
		}
		for _, k := range []string{"key-1", "key-2"} {
			if _, err := f.store.GetIdempotencyKey(f.ctx, uid, k); !errors.Is(err, models.ErrNotFound) {
				t.Errorf("%s after purge: %v, want ErrNotFound", k, err)
			}
		}
		for _, k := range []string{"fresh", "old"} {
			if _, err := f.store.GetIdempotencyKey(f.ctx, uid, k); err != nil {
				t.Errorf("%s was purged before its time: %v", k, err)
			}
		}
		if n, err := f.store.PurgeIdempotencyKeys(f.ctx); err != nil || n != 0 {
			t.Fatalf("second purge = %d, %v; want 0", n, err)
		}
	})
}

func TestRecentCount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		t0 := f.clock.Now()
		record := func(action, subject, ip string) {
			t.Helper()
			if err := f.store.RecordAudit(f.ctx, models.AuditEvent{Action: action, Subject: subject, IP: ip}); err != nil {
				t.Fatal(err)
			}
		}
		record(models.AuditLoginFailed, "li@example.com", "192.0.2.1")
		f.clock.Advance(5 * time.Minute)
		t5 := f.clock.Now()
		record(models.AuditLoginFailed, "li@example.com", "192.0.2.2")
		record(models.AuditLoginFailed, "wang@example.com", "192.0.2.1")
		record(models.AuditLogin, "li@example.com", "192.0.2.1") // another action
		f.clock.Advance(5 * time.Minute)
		record(models.AuditLoginFailed, "li@example.com", "192.0.2.3")

		tests := []struct {
			name, column, value string
			since               time.Time
			n                   int64
			oldest              time.Time
		}{
			{"subject, whole history", "subject", "li@example.com", t0, 3, t0},
			{"subject, window excludes the first", "subject", "li@example.com", t0.Add(time.Second), 2, t5},
			{"subject, window starts at an event", "subject", "li@example.com", t5, 2, t5},
			{"subject, only the last", "subject", "li@example.com", t5.Add(time.Second), 1, t5.Add(5 * time.Minute)},
			{"other subject", "subject", "wang@example.com", t0, 1, t5},
			{"ip, whole history", "ip", "192.0.2.1", t0, 2, t0},
			{"ip, window", "ip", "192.0.2.1", t0.Add(time.Minute), 1, t5},
			{"ip, nothing in window", "ip", "192.0.2.2", t5.Add(time.Second), 0, time.Time{}},
			{"unknown subject", "subject", "nobody@example.com", t0, 0, time.Time{}},
		}
		for _, tc := range tests {
			n, oldest, err := f.store.RecentCount(f.ctx, models.AuditLoginFailed, tc.column, tc.value, tc.since)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if n != tc.n || !oldest.Equal(tc.oldest) {
				t.Errorf("%s: RecentCount = %d, %v; want %d, %v", tc.name, n, oldest, tc.n, tc.oldest)
			}
		}
		if _, _, err := f.store.RecentCount(f.ctx, models.AuditLoginFailed, "detail; DROP TABLE users", "x", t0); err == nil {
			t.Fatal("RecentCount accepted a column other than subject or ip")
		}
	})
}

func TestSeedDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		first, err := f.store.SeedDemo(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.store.SeedDemo(f.ctx)
		if err != nil {
			t.Fatalf("second SeedDemo: %v", err)
		}
		if len(first) != 10 || fmt.Sprint(first) != fmt.Sprint(second) {
			t.Fatalf("demo logins: first %v, second %v; want the same 10", first, second)
		}
		if n := f.count(&models.Supplier{}); n != 3 {
			t.Fatalf("%d suppliers after seeding twice, want 3", n)
		}
		if n := f.count(&models.User{}); n != 10 {
			t.Fatalf("%d users after seeding twice, want 10", n)
		}
		// The demo inspections are seeded once, and the qc user inspects
		// the two suppliers it is assigned.
		if n := f.count(&models.Inspection{}); n != 3 {
			t.Fatalf("%d inspections after seeding twice, want 3", n)
		}
		// The demo deliveries: YY-2311 half shipped, the port's day full.
		if n, w := f.count(&models.Delivery{}), f.count(&models.Warehouse{}); n != 4 || w != 2 {
			t.Fatalf("%d deliveries and %d warehouses after seeding twice, want 4 and 2", n, w)
		}
		var yy models.Order
		if err := db.Gorm.Where("po_number = ?", "YY-2311").First(&yy).Error; err != nil || yy.Status != models.StatusPartiallyShipped {
			t.Fatalf("YY-2311 = %q, %v; want partially shipped", yy.Status, err)
		}
		// The demo materials, on NW-24039: the terry in and passed, the
		// border fabric failed (blocked, and the risk says so).
		if ms, pos, ins := f.count(&models.MaterialSupplier{}), f.count(&models.MaterialPO{}), f.count(&models.MaterialInspection{}); ms != 3 || pos != 4 || ins != 2 {
			t.Fatalf("%d material suppliers, %d POs, %d inspections after seeding twice; want 3, 4, 2", ms, pos, ins)
		}
		var tw models.Order
		if err := db.Gorm.Where("po_number = ?", "NW-24039").First(&tw).Error; err != nil {
			t.Fatal(err)
		}
		tr, _, err := f.store.MaterialReadiness(f.ctx, tw.ID)
		if err != nil || tr.Status != "blocked" || tr.LinesTotal != 4 || !strings.Contains(tw.RiskReasons, "material_failed") {
			t.Fatalf("NW-24039 materials %+v (%v), risk %s; want blocked by the failed border fabric", tr, err, tw.RiskReasons)
		}
		// The demo after-sales, on NW-23960: a complaint answered and
		// investigated, its CAPA open, a rework agreed, half the invoice paid.
		if c, cp, r, p := f.count(&models.Complaint{}), f.count(&models.CAPA{}), f.count(&models.Resolution{}), f.count(&models.Payment{}); c != 1 || cp != 1 || r != 1 || p != 1 {
			t.Fatalf("%d complaints, %d CAPAs, %d resolutions, %d payments after seeding twice; want 1 each", c, cp, r, p)
		}
		var robe models.Order
		if err := db.Gorm.Where("po_number = ?", "NW-23960").First(&robe).Error; err != nil || robe.Status != models.StatusShipped {
			t.Fatalf("NW-23960 = %q, %v; want shipped", robe.Status, err)
		}
		var full models.WarehouseDay
		if err := db.Gorm.Order("bookings DESC").First(&full).Error; err != nil || full.Bookings != 2 {
			t.Fatalf("the port's busiest day = %+v, %v; want 2 bookings", full, err)
		}
		qc, err := f.store.Authenticate(f.ctx, "sun.qc@gendan.demo", models.DemoPassword)
		if err != nil || qc.Role != models.RoleQC || len(qc.SupplierIDs) != 2 {
			t.Fatalf("demo qc login = %+v, %v", qc, err)
		}
		jl, err := f.store.GetSupplierByCode(f.ctx, "HZ-JL")
		if err != nil || jl.Name != "杭州锦绫服饰有限公司" || !jl.Active {
			t.Fatalf("demo supplier HZ-JL = %+v, %v", jl, err)
		}
		var admin, factory *models.DemoLogin
		for i, d := range first {
			switch {
			case d.Role == models.RoleAdmin && admin == nil:
				admin = &first[i]
			case d.Role == models.RoleFactory && d.Supplier == "HZ-JL" && factory == nil:
				factory = &first[i]
			}
		}
		if admin == nil || factory == nil {
			t.Fatalf("demo logins %v lack an admin or an HZ-JL factory user", first)
		}
		u, err := f.store.Authenticate(f.ctx, admin.Login, models.DemoPassword)
		if err != nil || u.Role != models.RoleAdmin || u.SupplierID != nil {
			t.Fatalf("demo admin login = %+v, %v", u, err)
		}
		u, err = f.store.Authenticate(f.ctx, factory.Login, models.DemoPassword)
		if err != nil || u.Role != models.RoleFactory || u.SupplierID == nil || *u.SupplierID != jl.ID {
			t.Fatalf("demo factory login = %+v, %v; want a factory user of HZ-JL (%d)", u, err, jl.ID)
		}
		// Demo users with a phone can sign in with it too.
		if u.Phone == nil {
			t.Fatalf("demo factory user %s has no phone", factory.Login)
		}
		if byPhone, err := f.store.Authenticate(f.ctx, *u.Phone, models.DemoPassword); err != nil || byPhone.ID != u.ID {
			t.Fatalf("demo login by phone = %v, %v", byPhone, err)
		}
	})
}

// TestDemoLogins: a restart lists the demo accounts that still have the demo
// password and are active; one whose password was changed or that was
// disabled is left out.
func TestDemoLogins(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		if got, err := f.store.DemoLogins(f.ctx); err != nil || len(got) != 0 {
			t.Fatalf("before seeding: %v, %v; want none", got, err)
		}
		seeded, err := f.store.SeedDemo(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.store.DemoLogins(f.ctx)
		if err != nil || fmt.Sprint(got) != fmt.Sprint(seeded) {
			t.Fatalf("DemoLogins = %v, %v; want the seeded %v", got, err, seeded)
		}
		users, err := f.store.UsersByEmail(f.ctx, []string{"chen@jinling.demo", "wu@mingyang.demo"})
		if err != nil || len(users) != 2 {
			t.Fatalf("UsersByEmail: %v, %v", users, err)
		}
		chen, wu := users["chen@jinling.demo"], users["wu@mingyang.demo"]
		if _, err := f.store.SetPassword(f.ctx, chen.ID, "a-new-secret-2027"); err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := f.store.UpdateUser(f.ctx, wu.ID, models.UserPatch{Active: &off}); err != nil {
			t.Fatal(err)
		}
		got, err = f.store.DemoLogins(f.ctx)
		if err != nil || len(got) != len(seeded)-2 {
			t.Fatalf("after a password change and a disable: %v, %v; want %d", got, err, len(seeded)-2)
		}
		for _, d := range got {
			if d.Login == "chen@jinling.demo" || d.Login == "wu@mingyang.demo" {
				t.Errorf("%s is listed", d.Login)
			}
		}
	})
}
