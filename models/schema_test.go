package models_test

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"gendan/models"
	"gendan/models/testdb"
	"gendan/ratelimit"
)

// schemaModels are every model the store reads and writes.
var schemaModels = []any{
	&models.Supplier{},
	&models.User{},
	&models.UserSupplier{},
	&models.DefectCode{},
	&models.Inspection{},
	&models.InspectionSwitching{},
	&models.RefreshToken{},
	&models.IdempotencyKey{},
	&models.AuditEvent{},
	&models.Photo{},
	&models.Customer{},
	&models.Template{},
	&models.TemplateStep{},
	&models.Order{},
	&models.OrderLine{},
	&models.OrderRevision{},
	&models.Milestone{},
	&models.ProgressReport{},
	&models.ActivityEvent{},
	&models.Comment{},
	&models.SampleType{},
	&models.SampleRound{},
	&models.Notification{},
	&models.Warehouse{},
	&models.WarehouseClosure{},
	&models.WarehouseDay{},
	&models.Delivery{},
	&models.DeliveryDate{},
	&models.ChaseLog{},
	&models.JobRun{},
	&models.StatusLink{},
	&models.NotificationSend{},
	&models.PushSubscription{},
	&models.ChatRobot{},
	&models.NotificationSettings{},
	&models.EscalationStep{},
	&models.Escalation{},
	&models.MaterialSupplier{},
	&models.MaterialLine{},
	&models.MaterialPO{},
	&models.MaterialPOLine{},
	&models.MaterialPOChange{},
	&models.MaterialReceipt{},
	&models.MaterialInspection{},
	&models.MaterialRoll{},
	&models.Complaint{},
	&models.CAPA{},
	&models.Resolution{},
	&models.Invoice{},
	&models.Payment{},
	&ratelimit.Window{},
}

// nilable reports whether GORM writes NULL for a field's zero value: pointers
// (and byte slices, whose nil is NULL) need a nullable column; every other
// field always carries a value and belongs in a NOT NULL column.
func nilable(f *schema.Field) bool {
	switch f.FieldType.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return true
	}
	return false
}

// TestSchemaMatchesModels: a fresh migrate equals what the models expect, on
// both databases.
func TestSchemaMatchesModels(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		cache := &sync.Map{}
		want := []string{"goose_db_version"}
		for _, m := range schemaModels {
			sch, err := schema.Parse(m, cache, db.Gorm.NamingStrategy)
			if err != nil {
				t.Fatalf("parse %T: %v", m, err)
			}
			want = append(want, sch.Table)
			t.Run(sch.Table, func(t *testing.T) {
				checkTable(t, db, sch)
			})
		}

		tables, err := testdb.Tables(db.Gorm)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, name := range tables {
			// sqlite_sequence (AUTOINCREMENT counters) and other sqlite_*
			// tables belong to the engine, not to the schema.
			if db.Dialect == models.SQLite && strings.HasPrefix(name, "sqlite_") {
				continue
			}
			got = append(got, name)
		}
		sort.Strings(got)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("tables in the database = %v, want exactly the model tables plus goose's: %v", got, want)
		}
	})
}

func checkTable(t *testing.T, db *models.DB, sch *schema.Schema) {
	t.Helper()
	cols, err := db.Gorm.Migrator().ColumnTypes(sch.Table)
	if err != nil {
		t.Fatalf("column types of %s: %v", sch.Table, err)
	}
	if len(cols) == 0 {
		t.Fatalf("table %s has no columns (missing?)", sch.Table)
	}
	dbCols := map[string]gorm.ColumnType{}
	for _, c := range cols {
		dbCols[c.Name()] = c
	}
	fields := map[string]*schema.Field{}
	for _, f := range sch.Fields {
		if f.DBName != "" {
			fields[f.DBName] = f
		}
	}
	for name, f := range fields {
		c, ok := dbCols[name]
		if !ok {
			t.Errorf("%s.%s (field %s) has no column in the migrated table", sch.Table, name, f.Name)
			continue
		}
		if f.PrimaryKey {
			if pk, ok := c.PrimaryKey(); !ok || !pk {
				t.Errorf("%s.%s is the model's primary key but not the table's (pk=%v, known=%v)", sch.Table, name, pk, ok)
			}
			if db.Dialect == models.SQLite {
				// An INTEGER PRIMARY KEY is SQLite's rowid: never NULL, though
				// the DDL does not say NOT NULL.
				continue
			}
		}
		nullable, ok := c.Nullable()
		if !ok {
			t.Errorf("%s.%s: the driver does not report nullability", sch.Table, name)
			continue
		}
		if want := nilable(f); nullable != want {
			t.Errorf("%s.%s: column nullable=%v, but field %s is %s (want nullable=%v)",
				sch.Table, name, nullable, f.Name, f.FieldType, want)
		}
	}
	for name := range dbCols {
		if _, ok := fields[name]; !ok {
			t.Errorf("%s.%s is a column no field of %s maps to", sch.Table, name, sch.Name)
		}
	}
}

// TestUniqueIndexes checks the unique indexes the store relies on by
// inserting duplicates directly (bypassing the store's validation).
func TestUniqueIndexes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		g := db.Gorm
		now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
		mustCreate := func(v any) {
			t.Helper()
			if err := g.Create(v).Error; err != nil {
				t.Fatalf("create %T: %v", v, err)
			}
		}
		mustDuplicate := func(what string, v any) {
			t.Helper()
			err := g.Create(v).Error
			if err == nil {
				t.Errorf("%s: a duplicate was accepted; the unique index is missing", what)
				return
			}
			if !errors.Is(err, gorm.ErrDuplicatedKey) {
				t.Errorf("%s: got %v, want gorm.ErrDuplicatedKey", what, err)
			}
		}

		sp := func(code string) *models.Supplier {
			return &models.Supplier{Code: code, Name: "n", CreatedAt: now, UpdatedAt: now}
		}
		first := sp("HZ-JL")
		mustCreate(first)
		mustDuplicate("suppliers.code", sp("HZ-JL"))
		mustCreate(sp("DG-HX"))

		phone := func(p string) *string { return &p }
		user := func(email string, ph *string) *models.User {
			return &models.User{Name: "n", Email: email, Phone: ph, PasswordHash: "x", Role: models.RoleAdmin,
				Locale: models.LocaleEN, Active: true, CreatedAt: now, UpdatedAt: now}
		}
		u := user("a@example.com", phone("13800000001"))
		mustCreate(u)
		mustDuplicate("users.email", user("a@example.com", phone("13800000002")))
		mustDuplicate("users.phone", user("b@example.com", phone("13800000001")))
		// Phone is optional: many users may have none (NULL is not a duplicate).
		mustCreate(user("c@example.com", nil))
		mustCreate(user("d@example.com", nil))

		rt := func(hash string) *models.RefreshToken {
			return &models.RefreshToken{UserID: u.ID, FamilyID: "f", TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		}
		mustCreate(rt(strings.Repeat("a", 64)))
		mustDuplicate("refresh_tokens.token_hash", rt(strings.Repeat("a", 64)))

		ik := func(userID int64, key string) *models.IdempotencyKey {
			return &models.IdempotencyKey{UserID: userID, IdemKey: key, Method: "POST", Path: "/p",
				RequestHash: strings.Repeat("0", 64), CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
		}
		mustCreate(ik(1, "key-1"))
		mustDuplicate("idempotency_keys(user_id, idem_key)", ik(1, "key-1"))
		// The index is on the pair, not on either column alone.
		mustCreate(ik(2, "key-1"))
		mustCreate(ik(1, "key-2"))
		// Idempotency keys are opaque: case matters on both databases.
		mustCreate(ik(1, "KEY-1"))

		// Sample type codes are unique.
		mustCreate(&models.SampleType{Code: "pp", Name: "产前样", Active: true})
		mustDuplicate("sample_types.code", &models.SampleType{Code: "pp", Name: "x", Active: true})
		// Round numbers are unique per order and type (the server relies on it
		// when two submissions race).
		cu := &models.Customer{Name: "c", CreatedAt: now, UpdatedAt: now}
		mustCreate(cu)
		ord := &models.Order{PONumber: "PO-U", CustomerID: cu.ID, SupplierID: first.ID, MerchandiserID: u.ID, StyleNo: "S",
			Unit: "pcs", ExFactoryDate: "2026-05-01", BaselineExFactoryDate: "2026-05-01", ShipMode: "sea", Status: models.StatusConfirmed,
			CreatedAt: now, UpdatedAt: now}
		if err := g.Omit("Lines").Create(ord).Error; err != nil {
			t.Fatal(err)
		}
		round := func(typ string, n int) *models.SampleRound {
			return &models.SampleRound{OrderID: ord.ID, SampleType: typ, RoundNo: n, Status: models.SamplePending,
				SubmittedBy: u.ID, CreatedAt: now, Annotations: "[]"}
		}
		mustCreate(round("pp", 1))
		mustDuplicate("sample_rounds(order_id, sample_type, round_no)", round("pp", 1))
		mustCreate(round("fit", 1))
		mustCreate(round("pp", 2))
	})
}

// TestMigrateTwiceIsNoop: the second Migrate of a database applies nothing.
func TestMigrateTwiceIsNoop(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		countRows := func() int64 {
			t.Helper()
			var n int64
			if err := db.Gorm.Table("goose_db_version").Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := countRows()
		for i := 0; i < 2; i++ {
			applied, err := db.Migrate(ctx)
			if err != nil {
				t.Fatalf("migrate again (#%d): %v", i+1, err)
			}
			if len(applied) != 0 {
				t.Fatalf("migrate again (#%d) applied %v, want nothing", i+1, applied)
			}
		}
		if after := countRows(); after != before {
			t.Fatalf("goose_db_version rows: %d before, %d after a no-op migrate", before, after)
		}
		var versions []int64
		if err := db.Gorm.Raw("SELECT version_id FROM goose_db_version WHERE is_applied = ? AND version_id > 0 ORDER BY version_id", true).
			Scan(&versions).Error; err != nil {
			t.Fatal(err)
		}
		if len(versions) == 0 || versions[0] != 1 {
			t.Fatalf("goose versions = %v, want the foundation (1) applied", versions)
		}
		for i := 1; i < len(versions); i++ {
			if versions[i] == versions[i-1] {
				t.Fatalf("goose versions = %v: a migration was recorded twice", versions)
			}
		}
	})
}

// TestMigrateFreshAppliesEveryFile: migrating a brand-new database reports
// the files it applied, one per version, in order.
func TestMigrateFreshAppliesEveryFile(t *testing.T) {
	dir := t.TempDir()
	db, err := models.Open("sqlite://"+dir+"/fresh.db", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	applied, err := db.Migrate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(applied) == 0 || !strings.HasSuffix(applied[0], "00001_foundation.sql") {
		t.Fatalf("first migrate applied %v, want 00001_foundation.sql first", applied)
	}
	if !sort.StringsAreSorted(applied) {
		t.Fatalf("migrations applied out of order: %v", applied)
	}
	again, err := db.Migrate(context.Background())
	if err != nil || len(again) != 0 {
		t.Fatalf("second migrate = %v, %v; want nothing applied", again, err)
	}
}
