package main

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gendan/config"
	"gendan/models"
	"gendan/models/testdb"
)

// cli runs the gendan command in-process with a fake environment whose data
// dir is a fresh temp dir (so GENDAN_DB unset means SQLite there).
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{"GENDAN_DATA_DIR": t.TempDir()}}
}

func (c *cli) run(args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	var out, errb bytes.Buffer
	err = run(args, func(k string) string { return c.env[k] }, &out, &errb)
	return out.String(), errb.String(), err
}

func (c *cli) mustRun(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("gendan %s: %v\nstderr: %s", strings.Join(args, " "), err, errOut)
	}
	return out
}

// store opens the command's database the way the command does.
func (c *cli) store() *models.Store {
	c.t.Helper()
	cfg, err := config.Load(func(k string) string { return c.env[k] })
	if err != nil {
		c.t.Fatal(err)
	}
	db, err := models.Open(cfg.DB, cfg.DataDir)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { db.Close() })
	return models.NewStore(db, nil, cfg.JWTSecret)
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "password")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMigrateCommand(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("migrate")
	if !strings.Contains(out, "applied") || !strings.Contains(out, "00001_foundation.sql") {
		t.Fatalf("first migrate printed %q; want the applied migrations", out)
	}
	if strings.Contains(out, "up to date") {
		t.Fatalf("first migrate claims the database was up to date: %q", out)
	}
	if _, err := os.Stat(filepath.Join(c.env["GENDAN_DATA_DIR"], "gendan.db")); err != nil {
		t.Fatalf("the embedded database was not created in the data dir: %v", err)
	}
	out = c.mustRun("migrate")
	if strings.TrimSpace(out) != "database is up to date" {
		t.Fatalf("second migrate printed %q; want only \"database is up to date\"", out)
	}
	// migrate also leaves the reference data in place.
	st := c.store()
	types, err := st.ListSampleTypes(context.Background(), true)
	if err != nil || len(types) != len(models.DefaultSampleTypes) {
		t.Fatalf("after migrate: %d sample types, %v; want %d", len(types), err, len(models.DefaultSampleTypes))
	}
	if _, err := st.GetTemplateByCode(context.Background(), models.DefaultTemplates[0].Code); err != nil {
		t.Fatalf("after migrate: default template %s: %v", models.DefaultTemplates[0].Code, err)
	}
}

// TestSeedDemoAndUserAdd shares one seeded data dir: seeding hashes nine
// passwords, which is slow under -race.
func TestSeedDemoAndUserAdd(t *testing.T) {
	c := newCLI(t)
	if _, _, err := c.run("seed"); err == nil || !strings.Contains(err.Error(), "seed --demo") {
		t.Fatalf("seed without --demo: %v; want the usage", err)
	}
	out := c.mustRun("seed", "--demo")
	for _, want := range []string{models.DemoPassword, "admin@gendan.demo", "li.wang@gendan.demo", "chen@jinling.demo",
		"zhao@jinling.demo", "lin@huaxing.demo", "huang@huaxing.demo", "zhou@mingyang.demo", "wu@mingyang.demo",
		"emma.carter@gendan.demo", "factory", "merchandiser", "admin"} {
		if !strings.Contains(out, want) {
			t.Errorf("seed --demo output lacks %q:\n%s", want, out)
		}
	}

	pwFile := writeFile(t, "jinling-quality-2026\n")
	add := []string{"user", "add", "--name", "质检员 Zhang", "--email", "QC@Jinling.example", "--phone", "13900000099",
		"--password-file", pwFile, "--role", "factory", "--supplier", "hz-jl", "--locale", "en"}
	out = c.mustRun(add...)
	if !strings.Contains(out, "added user") || !strings.Contains(out, "qc@jinling.example") || !strings.Contains(out, "factory") {
		t.Fatalf("user add printed %q", out)
	}

	// The user exists, belongs to HZ-JL, and signs in with the file's
	// password without its trailing newline.
	st := c.store()
	ctx := context.Background()
	jl, err := st.GetSupplierByCode(ctx, "HZ-JL")
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.Authenticate(ctx, "qc@jinling.example", "jinling-quality-2026")
	if err != nil {
		t.Fatalf("the added user cannot sign in with the file's password: %v", err)
	}
	if u.Role != models.RoleFactory || u.SupplierID == nil || *u.SupplierID != jl.ID || u.Locale != models.LocaleEN ||
		u.Name != "质检员 Zhang" || u.Phone == nil || *u.Phone != "13900000099" {
		t.Fatalf("added user %+v; want a factory user of HZ-JL (%d)", u, jl.ID)
	}

	// A qc user with the suppliers it inspects.
	out = c.mustRun("user", "add", "--name", "第三方 QC", "--email", "tp@qc.example", "--password-file", pwFile,
		"--role", "qc", "--supplier", "HZ-JL, DG-HX")
	if !strings.Contains(out, "role qc") {
		t.Fatalf("qc user add printed %q", out)
	}
	q, err := st.Authenticate(ctx, "tp@qc.example", "jinling-quality-2026")
	if err != nil || len(q.SupplierIDs) != 2 || q.SupplierID != nil {
		t.Fatalf("qc user %+v %v; want two assigned suppliers", q, err)
	}

	_, _, err = c.run(add...)
	if err == nil {
		t.Fatal("adding the same user twice succeeded")
	}
	if msg := err.Error(); !strings.Contains(msg, "email") || !strings.Contains(msg, "already used") ||
		strings.Contains(msg, "validation failed") {
		t.Fatalf("second add failed with %q; want a clear message that the email is taken", msg)
	}

	t.Run("common password refused", func(t *testing.T) {
		_, _, err := c.run("user", "add", "--name", "N", "--email", "n1@jinling.example",
			"--password-file", writeFile(t, "Password123\n"), "--role", "merchandiser")
		if err == nil || !strings.Contains(err.Error(), "password") || !strings.Contains(err.Error(), "common") {
			t.Fatalf("common password: %v; want it refused as common", err)
		}
	})
	t.Run("password flag also checked", func(t *testing.T) {
		_, _, err := c.run("user", "add", "--name", "N", "--email", "n2@jinling.example",
			"--password", "short", "--role", "admin")
		if err == nil || !strings.Contains(err.Error(), "password") {
			t.Fatalf("short password: %v; want it refused", err)
		}
	})
	t.Run("factory without supplier refused", func(t *testing.T) {
		_, _, err := c.run("user", "add", "--name", "N", "--email", "n3@jinling.example",
			"--password-file", pwFile, "--role", "factory")
		if err == nil || !strings.Contains(err.Error(), "supplier") {
			t.Fatalf("factory user without --supplier: %v; want it refused", err)
		}
	})
	t.Run("unknown supplier refused", func(t *testing.T) {
		_, _, err := c.run("user", "add", "--name", "N", "--email", "n4@jinling.example",
			"--password-file", pwFile, "--role", "factory", "--supplier", "XX-NO")
		if err == nil || !strings.Contains(err.Error(), "XX-NO") {
			t.Fatalf("unknown supplier: %v; want an error naming it", err)
		}
	})
	t.Run("missing password file", func(t *testing.T) {
		_, _, err := c.run("user", "add", "--name", "N", "--email", "n5@jinling.example",
			"--password-file", filepath.Join(t.TempDir(), "nope"), "--role", "admin")
		if err == nil || !strings.Contains(err.Error(), "--password-file") {
			t.Fatalf("missing password file: %v", err)
		}
	})
	// None of the refused adds created a user: 10 demo users plus two.
	if n, err := st.CountUsers(ctx); err != nil || n != 12 {
		t.Fatalf("%d users (%v), want 12", n, err)
	}
}

func TestServeHelp(t *testing.T) {
	c := newCLI(t)
	stdout, stderr, err := c.run("serve", "--help")
	if err != nil {
		t.Fatalf("serve --help: %v", err)
	}
	help := stdout + stderr
	for _, want := range []string{"GENDAN_DB", "GENDAN_JWT_SECRET", "GENDAN_STORAGE", "GENDAN_ADDR", "GENDAN_DATA_DIR", "GENDAN_BASE_URL"} {
		if !strings.Contains(help, want) {
			t.Errorf("serve --help does not list %s:\n%s", want, help)
		}
	}
	for _, v := range config.Vars {
		if !strings.Contains(help, v.Name) {
			t.Errorf("serve --help does not list %s", v.Name)
		}
	}
	// Help neither opens a database nor generates a key.
	if entries, _ := os.ReadDir(c.env["GENDAN_DATA_DIR"]); len(entries) != 0 {
		t.Errorf("serve --help touched the data dir: %v", entries)
	}
}

func TestUsageAndUnknownCommands(t *testing.T) {
	c := newCLI(t)
	out := c.mustRun("help")
	for _, want := range []string{"serve", "migrate", "seed --demo", "user add"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	if _, _, err := c.run("frobnicate"); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v", err)
	}
	if _, _, err := c.run("user", "delete"); err == nil || !strings.Contains(err.Error(), "user add") {
		t.Errorf("user without add: %v; want the usage", err)
	}
	if _, _, err := c.run("serve", "--no-such-flag"); err == nil {
		t.Error("serve accepted an unknown flag")
	}
}

// mysqlURLOf is the GENDAN_DB URL of a test MySQL database: the test DSN
// with that database's name.
func mysqlURLOf(t *testing.T, db *models.DB) string {
	t.Helper()
	var name string
	if err := db.Gorm.Raw("SELECT DATABASE()").Scan(&name).Error; err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(os.Getenv(testdb.EnvMySQL))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestCommandsOnMySQL runs migrate and user add against a fresh MySQL
// database (skipped without GENDAN_TEST_MYSQL_DSN).
func TestCommandsOnMySQL(t *testing.T) {
	db := testdb.MySQL(t) // fresh and migrated; dropped at the end
	c := newCLI(t)
	c.env["GENDAN_DB"] = mysqlURLOf(t, db)

	_, _, err := c.run("migrate")
	if err == nil || !strings.Contains(err.Error(), "GENDAN_JWT_SECRET") {
		t.Fatalf("migrate on MySQL without a JWT secret: %v; want an error naming GENDAN_JWT_SECRET", err)
	}
	c.env["GENDAN_JWT_SECRET"] = "0123456789abcdef0123456789abcdef"
	if out := c.mustRun("migrate"); strings.TrimSpace(out) != "database is up to date" {
		t.Fatalf("migrate of a migrated MySQL database printed %q", out)
	}
	add := []string{"user", "add", "--name", "Admin 管理员", "--email", "ops@gendan.example",
		"--password", "a-long-admin-pass", "--role", "admin"}
	if out := c.mustRun(add...); !strings.Contains(out, "ops@gendan.example") {
		t.Fatalf("user add printed %q", out)
	}
	_, _, err = c.run(add...)
	var ve *models.ValidationError
	if err == nil || !strings.Contains(err.Error(), "email") || errors.As(err, &ve) {
		t.Fatalf("second add on MySQL: %v; want a plain message about the email", err)
	}
	if entries, _ := os.ReadDir(c.env["GENDAN_DATA_DIR"]); len(entries) != 0 {
		t.Errorf("commands on MySQL wrote to the data dir: %v", entries)
	}
}
