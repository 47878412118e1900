package config

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeEnv is a Getenv over a map: the tests never read the real environment.
func fakeEnv(m map[string]string) Getenv {
	return func(k string) string { return m[k] }
}

const secret32 = "0123456789abcdef0123456789abcdef"

func TestDefaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != dir || c.DB != "" || c.Storage != "" || c.LogLevel != "info" {
		t.Fatalf("defaults: %+v", c)
	}
	if c.BaseURL != "http://localhost:8080" {
		t.Errorf("BaseURL = %q, want http://localhost:8080", c.BaseURL)
	}
	if c.ShutdownDelay != 0 || len(c.TrustedProxies) != 0 || c.JWTPrevSecret != nil {
		t.Errorf("delay %v, proxies %v, previous secret %q; want none", c.ShutdownDelay, c.TrustedProxies, c.JWTPrevSecret)
	}
	if !c.SeedDemoOnStart {
		t.Error("the embedded default should seed demo data")
	}
	if len(c.JWTSecret) < 32 {
		t.Errorf("generated JWT secret is %d bytes, want at least 32", len(c.JWTSecret))
	}
}

func TestDefaultDataDirIsRelative(t *testing.T) {
	// Without GENDAN_DATA_DIR the data dir is ./data; run in a temp dir so
	// the generated key lands there.
	t.Chdir(t.TempDir())
	c, err := Load(fakeEnv(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "./data" {
		t.Fatalf("DataDir = %q, want ./data", c.DataDir)
	}
	if _, err := os.Stat(filepath.Join("data", "jwt.key")); err != nil {
		t.Fatalf("jwt.key not created in ./data: %v", err)
	}
}

func TestValuesAreRead(t *testing.T) {
	c, err := Load(fakeEnv(map[string]string{
		"GENDAN_ADDR":                "127.0.0.1:9000",
		"GENDAN_DATA_DIR":            t.TempDir(),
		"GENDAN_DB":                  "mysql://gendan:pw@db:3306/gendan",
		"GENDAN_STORAGE":             "s3://AK:SK@minio:9000/photos",
		"GENDAN_JWT_SECRET":          secret32,
		"GENDAN_JWT_PREVIOUS_SECRET": strings.Repeat("p", 32),
		"GENDAN_BASE_URL":            "https://gendan.example/",
		"GENDAN_TRUSTED_PROXIES":     " 10.0.0.1, ,192.168.0.0/16 ",
		"GENDAN_SHUTDOWN_DELAY":      "5s",
		"GENDAN_LOG_LEVEL":           "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9000" || c.DB != "mysql://gendan:pw@db:3306/gendan" || c.Storage != "s3://AK:SK@minio:9000/photos" {
		t.Errorf("addr/db/storage: %+v", c)
	}
	if string(c.JWTSecret) != secret32 || string(c.JWTPrevSecret) != strings.Repeat("p", 32) {
		t.Errorf("secrets %q / %q", c.JWTSecret, c.JWTPrevSecret)
	}
	if c.BaseURL != "https://gendan.example" {
		t.Errorf("BaseURL = %q, want the trailing slash trimmed", c.BaseURL)
	}
	if strings.Join(c.TrustedProxies, "|") != "10.0.0.1|192.168.0.0/16" {
		t.Errorf("TrustedProxies = %q", c.TrustedProxies)
	}
	if c.ShutdownDelay != 5*time.Second || c.LogLevel != "debug" {
		t.Errorf("delay %v level %q", c.ShutdownDelay, c.LogLevel)
	}
	if c.SeedDemoOnStart {
		t.Error("a MySQL database must not seed demo data by default")
	}
}

func TestBaseURLFollowsAddrPort(t *testing.T) {
	c, err := Load(fakeEnv(map[string]string{"GENDAN_ADDR": "0.0.0.0:8443", "GENDAN_DATA_DIR": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "http://localhost:8443" {
		t.Fatalf("BaseURL = %q, want http://localhost:8443", c.BaseURL)
	}
}

func TestSecretFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dbFile := write("db", "mysql://gendan:s3cret@db:3306/gendan\n")
	jwtFile := write("jwt", secret32+"\r\n")
	c, err := Load(fakeEnv(map[string]string{
		"GENDAN_DATA_DIR":        filepath.Join(dir, "data"),
		"GENDAN_DB_FILE":         dbFile,
		"GENDAN_JWT_SECRET_FILE": jwtFile,
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "mysql://gendan:s3cret@db:3306/gendan" {
		t.Errorf("DB from file = %q, want the URL without its newline", c.DB)
	}
	if string(c.JWTSecret) != secret32 {
		t.Errorf("JWT secret from file = %q, want %q without CRLF", c.JWTSecret, secret32)
	}
	// The data dir is not touched: the secret did not have to be generated.
	if _, err := os.Stat(filepath.Join(dir, "data", "jwt.key")); !os.IsNotExist(err) {
		t.Errorf("jwt.key was generated although a secret was given (stat: %v)", err)
	}

	// The variable itself wins over its _FILE.
	c, err = Load(fakeEnv(map[string]string{
		"GENDAN_DATA_DIR":        dir,
		"GENDAN_JWT_SECRET":      strings.Repeat("v", 32),
		"GENDAN_JWT_SECRET_FILE": jwtFile,
	}))
	if err != nil || string(c.JWTSecret) != strings.Repeat("v", 32) {
		t.Fatalf("GENDAN_JWT_SECRET beside its _FILE: %q, %v; want the variable", c.JWTSecret, err)
	}

	// Only trailing newlines go: inner and leading bytes are the secret's.
	spaced := write("spaced", " "+secret32+" \n\n")
	c, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_JWT_SECRET_FILE": spaced}))
	if err != nil || string(c.JWTSecret) != " "+secret32+" " {
		t.Fatalf("secret with spaces = %q, %v", c.JWTSecret, err)
	}

	_, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_JWT_SECRET_FILE": filepath.Join(dir, "missing")}))
	if err == nil || !strings.Contains(err.Error(), "GENDAN_JWT_SECRET_FILE") {
		t.Fatalf("missing secret file: %v; want an error naming GENDAN_JWT_SECRET_FILE", err)
	}
	_, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB_FILE": filepath.Join(dir, "missing")}))
	if err == nil || !strings.Contains(err.Error(), "GENDAN_DB_FILE") {
		t.Fatalf("missing DB file: %v; want an error naming GENDAN_DB_FILE", err)
	}
}

func TestGeneratedJWTKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "data")
	env := fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir})
	c1, err := Load(env)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "jwt.key")
	st, err := os.Stat(path)
	if err != nil {
		t.Fatalf("jwt.key not created: %v", err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("jwt.key mode %v, want 0600", st.Mode().Perm())
	}
	if dst, err := os.Stat(dir); err != nil || dst.Mode().Perm()&0o077 != 0 {
		t.Errorf("data dir mode %v (%v), want no group/other access", dst.Mode().Perm(), err)
	}
	onDisk, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(string(onDisk)) != string(c1.JWTSecret) {
		t.Fatalf("key on disk %q differs from the loaded one %q", onDisk, c1.JWTSecret)
	}
	if len(c1.JWTSecret) < 32 {
		t.Fatalf("generated key is %d bytes, want at least 32", len(c1.JWTSecret))
	}

	c2, err := Load(env)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(c1.JWTSecret, c2.JWTSecret) {
		t.Fatalf("second Load made a new key: %q then %q", c1.JWTSecret, c2.JWTSecret)
	}

	// Another data dir gets another key.
	c3, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": t.TempDir()}))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(c1.JWTSecret, c3.JWTSecret) {
		t.Fatal("two data dirs got the same generated key")
	}

	// A truncated key file is refused rather than silently used.
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(env); err == nil || !strings.Contains(err.Error(), "jwt.key") {
		t.Fatalf("short jwt.key: %v; want an error naming the file", err)
	}
}

func TestSQLiteURLCountsAsEmbedded(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB": "sqlite://" + dir + "/x.db"}))
	if err != nil {
		t.Fatalf("sqlite:// without a JWT secret: %v", err)
	}
	if !c.SeedDemoOnStart || len(c.JWTSecret) < 32 {
		t.Fatalf("sqlite:// config %+v; want demo seeding and a generated key", c)
	}
	// Every other SQLite form models.ParseDSN accepts is embedded too.
	for _, db := range []string{"file:" + dir + "/y.db", dir + "/z.db"} {
		if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB": db})); err != nil {
			t.Errorf("GENDAN_DB=%s without a JWT secret: %v; it is SQLite, not MySQL", db, err)
		}
	}
	// A MySQL URL is never embedded, even when its database ends in .db.
	if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB": "mysql://u@h:3306/gendan.db"})); err == nil {
		t.Error("a MySQL URL ending in .db was taken for SQLite")
	}
	for v, want := range map[string]bool{"0": false, "false": false, "1": true, "TRUE": true, "no": false} {
		c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SEED_DEMO": v}))
		if err != nil || c.SeedDemoOnStart != want {
			t.Errorf("GENDAN_SEED_DEMO=%s: %v, %v; want %v", v, c.SeedDemoOnStart, err, want)
		}
	}
}

func TestMySQLNeedsJWTSecret(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB": "mysql://u:p@db:3306/gendan"}))
	if err == nil {
		t.Fatal("MySQL without a JWT secret was accepted")
	}
	if !strings.Contains(err.Error(), "GENDAN_JWT_SECRET") {
		t.Fatalf("error %q does not name GENDAN_JWT_SECRET", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("a key was generated for a MySQL setup: %v", entries)
	}
	// The same from a file.
	p := filepath.Join(dir, "db")
	if err := os.WriteFile(p, []byte("mysql://u:p@db:3306/gendan\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB_FILE": p})); err == nil ||
		!strings.Contains(err.Error(), "GENDAN_JWT_SECRET") {
		t.Fatalf("MySQL via GENDAN_DB_FILE without a secret: %v", err)
	}
}

func TestShortSecrets(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ name, value string }{
		{"GENDAN_JWT_SECRET", strings.Repeat("s", 31)},
		{"GENDAN_JWT_PREVIOUS_SECRET", strings.Repeat("s", 31)},
	} {
		env := map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_JWT_SECRET": secret32, tc.name: tc.value}
		_, err := Load(fakeEnv(env))
		if err == nil {
			t.Errorf("%s of 31 bytes was accepted", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), "32") {
			t.Errorf("%s too short: error %q should name the variable and the minimum", tc.name, err)
		}
	}
	// Exactly 32 bytes is enough.
	if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_DB": "mysql://u@db/g", "GENDAN_JWT_SECRET": secret32})); err != nil {
		t.Fatalf("a 32-byte secret: %v", err)
	}
}

func TestShutdownDelay(t *testing.T) {
	dir := t.TempDir()
	_, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SHUTDOWN_DELAY": "5"}))
	if err == nil || !strings.Contains(err.Error(), "GENDAN_SHUTDOWN_DELAY") {
		t.Fatalf("GENDAN_SHUTDOWN_DELAY=5: %v; want a parse error naming the variable", err)
	}
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SHUTDOWN_DELAY": "1m30s"}))
	if err != nil || c.ShutdownDelay != 90*time.Second {
		t.Fatalf("GENDAN_SHUTDOWN_DELAY=1m30s: %v, %v", c, err)
	}
}

func TestUsageMentionsEveryVar(t *testing.T) {
	u := Usage()
	if len(Vars) == 0 {
		t.Fatal("Vars is empty")
	}
	for _, v := range Vars {
		if !strings.Contains(u, v.Name) {
			t.Errorf("Usage() does not mention %s", v.Name)
		}
		if !strings.Contains(u, v.Help) || !strings.Contains(u, "default: "+v.Default) {
			t.Errorf("Usage() lacks the help or default of %s", v.Name)
		}
	}
	if !strings.Contains(u, "_FILE") {
		t.Error("Usage() does not explain the *_FILE form of secrets")
	}
}

// TestVarsCoverLoad: every GENDAN_* variable Load reads is documented in Vars
// (the _FILE forms are covered by the general note). Vars also documents
// variables other packages read (storage), so the converse is not required.
func TestVarsCoverLoad(t *testing.T) {
	read := map[string]bool{}
	env := func(k string) string {
		read[k] = true
		if k == "GENDAN_DATA_DIR" {
			return t.TempDir()
		}
		return ""
	}
	if _, err := Load(env); err != nil {
		t.Fatal(err)
	}
	documented := map[string]bool{}
	for _, v := range Vars {
		documented[v.Name] = true
	}
	for k := range read {
		if strings.HasSuffix(k, "_FILE") {
			k = strings.TrimSuffix(k, "_FILE")
		}
		if !documented[k] {
			t.Errorf("Load reads %s, which Vars does not document", k)
		}
	}
}

func TestNodeNameAndRiskSweepEvery(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	if want := fmt.Sprintf("%s-%d", host, os.Getpid()); c.NodeName != want {
		t.Errorf("default NodeName = %q, want %q", c.NodeName, want)
	}
	if c.RiskSweepEvery != time.Minute {
		t.Errorf("default RiskSweepEvery = %v, want 1m", c.RiskSweepEvery)
	}
	c, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_NODE_NAME": " node-a ", "GENDAN_RISK_SWEEP_EVERY": "250ms"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.NodeName != "node-a" || c.RiskSweepEvery != 250*time.Millisecond {
		t.Errorf("NodeName %q, RiskSweepEvery %v; want node-a, 250ms", c.NodeName, c.RiskSweepEvery)
	}
	for k, v := range map[string]string{"GENDAN_RISK_SWEEP_EVERY": "0s", "GENDAN_NODE_NAME": strings.Repeat("n", 101)} {
		if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, k: v})); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%.10s…: %v; want an error naming the variable", k, v, err)
		}
	}
	if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_RISK_SWEEP_EVERY": "5"})); err == nil ||
		!strings.Contains(err.Error(), "GENDAN_RISK_SWEEP_EVERY") {
		t.Errorf("GENDAN_RISK_SWEEP_EVERY=5: %v; want a parse error naming the variable", err)
	}
}

func TestRiskThresholds(t *testing.T) {
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": t.TempDir(), "GENDAN_RISK_NO_UPDATE_DAYS": "5",
		"GENDAN_RISK_DELIVERY_BOOK_DAYS": "14"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Risk.NoUpdateDays != 5 || c.Risk.DeliveryBookDays != 14 || c.Risk.OutputWindowDays != 0 {
		t.Fatalf("risk thresholds: %+v", c.Risk)
	}
	for _, bad := range []string{"0", "x", "400", "-1"} {
		if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": t.TempDir(), "GENDAN_RISK_LATE_OVERDUE_DAYS": bad})); err == nil {
			t.Errorf("GENDAN_RISK_LATE_OVERDUE_DAYS=%s accepted", bad)
		}
	}
}

func TestStatusLinkLimits(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil || c.StatusLinkPerMinute != 120 || c.StatusMissesPerIP != 20 || c.RateSyncEvery != time.Second ||
		c.StatusCacheTTL != 5*time.Second {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_STATUS_LINK_PER_MINUTE": "1000000",
		"GENDAN_STATUS_MISSES_PER_IP": "5", "GENDAN_RATE_SYNC_EVERY": "250ms", "GENDAN_STATUS_CACHE_TTL": "1m"}))
	if err != nil || c.StatusLinkPerMinute != 1_000_000 || c.StatusMissesPerIP != 5 || c.RateSyncEvery != 250*time.Millisecond ||
		c.StatusCacheTTL != time.Minute {
		t.Fatalf("set: %+v, %v", c, err)
	}
	for name, bad := range map[string]string{"GENDAN_STATUS_LINK_PER_MINUTE": "0", "GENDAN_STATUS_MISSES_PER_IP": "many",
		"GENDAN_RATE_SYNC_EVERY": "1ms", "GENDAN_STATUS_CACHE_TTL": "5"} {
		if _, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, name: bad})); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%s: %v; want an error naming the variable", name, bad, err)
		}
	}
}

func TestSMTP(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil || c.SMTP.Host != "" || c.NotifyEvery != time.Second || c.NotifyLease != 2*time.Minute {
		t.Fatalf("defaults: %+v, %v", c.SMTP, err)
	}
	c, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SMTP_HOST": "smtp.example", "GENDAN_SMTP_PORT": "2525",
		"GENDAN_SMTP_USERNAME": "u", "GENDAN_SMTP_PASSWORD": "p", "GENDAN_SMTP_FROM": "gendan@example.com"}))
	if err != nil || c.SMTP != (SMTP{Host: "smtp.example", Port: 2525, Username: "u", Password: "p", From: "gendan@example.com", StartTLS: true}) {
		t.Fatalf("set: %+v, %v", c.SMTP, err)
	}
	c, err = Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SMTP_HOST": "127.0.0.1", "GENDAN_SMTP_STARTTLS": "false",
		"GENDAN_SMTP_FROM": "gendan@example.com"}))
	if err != nil || c.SMTP.StartTLS {
		t.Fatalf("STARTTLS off: %+v, %v", c.SMTP, err)
	}
	for env, name := range map[string]string{"GENDAN_SMTP_PORT": "GENDAN_SMTP_PORT", "GENDAN_SMTP_FROM": "GENDAN_SMTP_FROM"} {
		vars := map[string]string{"GENDAN_DATA_DIR": dir, "GENDAN_SMTP_HOST": "h", "GENDAN_SMTP_FROM": "a@b.example", "GENDAN_SMTP_PORT": "25"}
		vars[env] = map[string]string{"GENDAN_SMTP_PORT": "x", "GENDAN_SMTP_FROM": ""}[env]
		if _, err := Load(fakeEnv(vars)); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s: %v", env, err)
		}
	}
}

func TestVAPIDKey(t *testing.T) {
	dir := t.TempDir()
	c, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil || len(c.VAPIDPrivateKey) != 43 || c.VAPIDSubject != "mailto:gendan@localhost" {
		t.Fatalf("generated: %q %q, %v", c.VAPIDPrivateKey, c.VAPIDSubject, err)
	}
	again, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": dir}))
	if err != nil || again.VAPIDPrivateKey != c.VAPIDPrivateKey {
		t.Fatalf("a restart made another key: %q vs %q", again.VAPIDPrivateKey, c.VAPIDPrivateKey)
	}
	set, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": t.TempDir(), "GENDAN_VAPID_PRIVATE_KEY": "k-from-env",
		"GENDAN_BASE_URL": "https://gendan.example"}))
	if err != nil || set.VAPIDPrivateKey != "k-from-env" || set.VAPIDSubject != "https://gendan.example" {
		t.Fatalf("from env: %+v, %v", set, err)
	}
	my, err := Load(fakeEnv(map[string]string{"GENDAN_DATA_DIR": t.TempDir(), "GENDAN_DB": "mysql://u@h/db",
		"GENDAN_JWT_SECRET": strings.Repeat("s", 32)}))
	if err != nil || my.VAPIDPrivateKey != "" {
		t.Fatalf("MySQL without a key: %q, %v", my.VAPIDPrivateKey, err)
	}
}
