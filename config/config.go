// Package config reads Gendan's configuration from GENDAN_* environment
// variables; every secret can also be given as a file with *_FILE.
package config

import (
	"crypto/ecdh"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"gendan/models/risk"
)

// Config is the whole configuration of one node.
type Config struct {
	Addr            string
	DataDir         string
	DB              string // GENDAN_DB; empty means SQLite in DataDir
	Storage         string // GENDAN_STORAGE; empty means a directory in DataDir
	JWTSecret       []byte
	JWTPrevSecret   []byte
	BaseURL         string
	TrustedProxies  []string
	ShutdownDelay   time.Duration
	LogLevel        string
	SeedDemoOnStart bool
	PresignPhotos   bool
	// PprofAddr serves net/http/pprof on a loopback address when set.
	PprofAddr string
	// NodeName names this node where several share one database: the
	// holder of the job runs it claims (job_runs), and the start-up log.
	NodeName string
	// RiskSweepEvery is the pause between two passes of the daily risk
	// sweep, which does a zone's work once per factory day whatever it is.
	RiskSweepEvery time.Duration
	// Risk holds the delivery-risk thresholds (GENDAN_RISK_*; zero keeps
	// the engine's default).
	Risk risk.Config
	// StatusLinkPerMinute and StatusMissesPerIP are the public status
	// page's rate limits: requests a minute per link, and requests for
	// unknown tokens per IP in ten minutes.
	StatusLinkPerMinute int
	StatusMissesPerIP   int
	// RateSyncEvery is how often a node shares its rate-limit counts
	// through the database; StatusCacheTTL how long it reuses a built
	// status answer.
	RateSyncEvery  time.Duration
	StatusCacheTTL time.Duration
	// SMTP is the e-mail channel of notifications; Host empty: none.
	SMTP SMTP
	// NotifyEvery is how often a node's dispatcher looks for due sends;
	// NotifyLease how long it holds the ones it claimed.
	NotifyEvery time.Duration
	NotifyLease time.Duration
	NotifyBatch time.Duration
	// VAPIDPrivateKey is the Web Push key (base64url P-256 scalar):
	// GENDAN_VAPID_PRIVATE_KEY, else generated once into the data dir on
	// the embedded default; empty (push off) on MySQL without it.
	VAPIDPrivateKey string
	VAPIDSubject    string
}

// SMTP is the relay notifications are e-mailed through (GENDAN_SMTP_*).
type SMTP struct {
	Host               string
	Port               int
	Username, Password string
	From               string
	StartTLS           bool
}

// Var documents one variable (printed by `gendan serve --help`).
type Var struct {
	Name, Default, Help string
}

// Vars lists every variable the server reads.
var Vars = []Var{
	{"GENDAN_ADDR", ":8080", "address to listen on"},
	{"GENDAN_DATA_DIR", "./data", "directory for the embedded database, local photos and the generated JWT key"},
	{"GENDAN_DB", "SQLite file in the data dir", "database: mysql://user:pass@host:3306/db?params for MySQL 8 / MariaDB / TiDB, or sqlite://path"},
	{"GENDAN_STORAGE", "directory 'objects' in the data dir", "object storage for photos: a local directory, or s3://ACCESS:SECRET@host:port/bucket?secure=false&region=r"},
	{"GENDAN_JWT_SECRET", "generated once into DATA_DIR/jwt.key (embedded default only)", "HS256 key for access tokens, at least 32 bytes; required with MySQL"},
	{"GENDAN_JWT_PREVIOUS_SECRET", "none", "the key before the last rotation: tokens signed with it are still accepted"},
	{"GENDAN_S3_PRESIGN", "false", "with S3 storage, answer photo reads with a redirect to a presigned URL (5 minutes) instead of streaming them"},
	{"GENDAN_S3_ENDPOINT", "none", "S3 storage without GENDAN_STORAGE: host:port, with GENDAN_S3_ACCESS_KEY, GENDAN_S3_SECRET_KEY, GENDAN_S3_BUCKET, GENDAN_S3_REGION, GENDAN_S3_SECURE"},
	{"GENDAN_BASE_URL", "http://localhost:PORT", "public URL of the app (status links, e-mails)"},
	{"GENDAN_TRUSTED_PROXIES", "none", "comma-separated proxy IPs/CIDRs whose X-Forwarded-For and X-Forwarded-Proto are believed"},
	{"GENDAN_SHUTDOWN_DELAY", "0s", "on SIGTERM, how long /readyz fails before the listener closes (let the load balancer notice)"},
	{"GENDAN_LOG_LEVEL", "info", "debug, info, warn or error"},
	{"GENDAN_PPROF_ADDR", "none", "serve Go's profiler (net/http/pprof) on this loopback address, e.g. 127.0.0.1:6060, for profiling a node"},
	{"GENDAN_SEED_DEMO", "true on the embedded default", "seed demo data when the database has no users"},
	{"GENDAN_NODE_NAME", "hostname-pid", "this node's name, shown in the log and in the job runs it claims (job_runs.holder); at most 100 characters"},
	{"GENDAN_RISK_SWEEP_EVERY", "1m", "how often a node looks for a factory day whose risk sweep no node has run yet"},
	{"GENDAN_RISK_OUTPUT_WINDOW_DAYS", "7", "delivery risk: the observed daily output is measured over this many latest reporting days"},
	{"GENDAN_RISK_NO_UPDATE_DAYS", "3", "delivery risk: working days without a report that make an order in production quiet"},
	{"GENDAN_RISK_SAMPLE_WINDOW_DAYS", "7", "delivery risk: a sample not approved whose step is due within this many days is a reason"},
	{"GENDAN_RISK_DELIVERY_BOOK_DAYS", "10", "delivery risk: within this many days of the ex-factory date a delivery should be booked"},
	{"GENDAN_RISK_AT_RISK_SLACK_DAYS", "2", "delivery risk: a projection fewer working days than this before the ex-factory date is at risk"},
	{"GENDAN_RISK_LATE_OVERDUE_DAYS", "10", "delivery risk: a step overdue by this many working days makes the order late"},
	{"GENDAN_STATUS_LINK_PER_MINUTE", "120", "customer status links: requests a minute one link answers, from any number of IPs"},
	{"GENDAN_STATUS_MISSES_PER_IP", "20", "customer status links: requests for unknown tokens one IP may make in ten minutes before it is refused"},
	{"GENDAN_RATE_SYNC_EVERY", "1s", "how often a node shares its rate-limit counts with the other nodes through the database"},
	{"GENDAN_STATUS_CACHE_TTL", "5s", "how long a node reuses a built customer status answer (the link itself is checked on every request)"},
	{"GENDAN_SMTP_HOST", "none", "SMTP relay for e-mail notifications (to every user with an address, and escalations to a supplier's contact); unset: no e-mail"},
	{"GENDAN_SMTP_PORT", "587 with STARTTLS, else 25", "SMTP relay port"},
	{"GENDAN_SMTP_USERNAME", "none", "SMTP login (AUTH PLAIN, only over STARTTLS or to localhost)"},
	{"GENDAN_SMTP_PASSWORD", "none", "SMTP password (or GENDAN_SMTP_PASSWORD_FILE)"},
	{"GENDAN_SMTP_FROM", "none", "the From address of notification e-mails; required with GENDAN_SMTP_HOST"},
	{"GENDAN_SMTP_STARTTLS", "true", "require STARTTLS with the relay (false only for a relay on this host)"},
	{"GENDAN_NOTIFY_EVERY", "1s", "how often a node's notification dispatcher looks for due sends"},
	{"GENDAN_VAPID_PRIVATE_KEY", "generated once into DATA_DIR/vapid.key (embedded default only)", "Web Push VAPID private key (base64url P-256 scalar); every node needs the same; unset with MySQL: no Web Push"},
	{"GENDAN_VAPID_SUBJECT", "the base URL when https, else mailto:gendan@localhost", "the contact push services are given (mailto: or https:)"},
	{"GENDAN_NOTIFY_BATCH", "1h", "at most one message of a kind about an order per recipient and channel in this window; the rest are folded into one at its end"},
	{"GENDAN_NOTIFY_LEASE", "2m", "how long a dispatcher holds the sends it claimed; a dead node's are taken over after it"},
}

// riskVars maps GENDAN_RISK_* to the threshold each sets.
func riskVars(c *risk.Config) map[string]*int {
	return map[string]*int{
		"GENDAN_RISK_OUTPUT_WINDOW_DAYS": &c.OutputWindowDays,
		"GENDAN_RISK_NO_UPDATE_DAYS":     &c.NoUpdateDays,
		"GENDAN_RISK_SAMPLE_WINDOW_DAYS": &c.SampleWindowDays,
		"GENDAN_RISK_DELIVERY_BOOK_DAYS": &c.DeliveryBookDays,
		"GENDAN_RISK_AT_RISK_SLACK_DAYS": &c.AtRiskSlackDays,
		"GENDAN_RISK_LATE_OVERDUE_DAYS":  &c.LateOverdueDays,
	}
}

// smtpVars reads GENDAN_SMTP_*: none when the host is unset.
func smtpVars(env Getenv) (SMTP, error) {
	s := SMTP{Host: strings.TrimSpace(env("GENDAN_SMTP_HOST"))}
	if s.Host == "" {
		return s, nil
	}
	s.StartTLS = !strings.EqualFold(env("GENDAN_SMTP_STARTTLS"), "false") && env("GENDAN_SMTP_STARTTLS") != "0"
	if p := env("GENDAN_SMTP_PORT"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return s, errors.New("GENDAN_SMTP_PORT must be a port number")
		}
		s.Port = n
	}
	s.Username = env("GENDAN_SMTP_USERNAME")
	pw, err := secret(env, "GENDAN_SMTP_PASSWORD")
	if err != nil {
		return s, err
	}
	s.Password = string(pw)
	if s.From = strings.TrimSpace(env("GENDAN_SMTP_FROM")); s.From == "" {
		return s, errors.New("GENDAN_SMTP_FROM is required with GENDAN_SMTP_HOST")
	}
	return s, nil
}

// intVar reads a positive whole number (a rate limit), def when unset.
func intVar(env Getenv, name string, def int) (int, error) {
	v := env(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100_000_000 {
		return 0, fmt.Errorf("%s must be a whole number from 1 to 100000000", name)
	}
	return n, nil
}

// durationVar reads a duration from 100 ms to an hour, def when unset.
func durationVar(env Getenv, name string, def time.Duration) (time.Duration, error) {
	v := env(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 100*time.Millisecond || d > time.Hour {
		return 0, fmt.Errorf("%s must be a duration from 100ms to 1h, such as 1s", name)
	}
	return d, nil
}

// Getenv is os.Getenv, replaceable in tests.
type Getenv func(string) string

// secret reads NAME or, failing that, the file named by NAME_FILE.
func secret(env Getenv, name string) ([]byte, error) {
	if v := env(name); v != "" {
		return []byte(v), nil
	}
	if f := env(name + "_FILE"); f != "" {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s_FILE: %w", name, err)
		}
		return []byte(strings.TrimRight(string(b), "\r\n")), nil
	}
	return nil, nil
}

// Load reads the configuration. On the embedded default it creates the data
// directory and, once, a random JWT key kept there with mode 0600.
func Load(env Getenv) (*Config, error) {
	c := &Config{
		Addr:     or(env("GENDAN_ADDR"), ":8080"),
		DataDir:  or(env("GENDAN_DATA_DIR"), "./data"),
		BaseURL:  strings.TrimRight(env("GENDAN_BASE_URL"), "/"),
		LogLevel: or(env("GENDAN_LOG_LEVEL"), "info"),
	}
	db, err := secret(env, "GENDAN_DB")
	if err != nil {
		return nil, err
	}
	c.DB = string(db)
	st, err := secret(env, "GENDAN_STORAGE")
	if err != nil {
		return nil, err
	}
	c.Storage = string(st)
	if c.JWTSecret, err = secret(env, "GENDAN_JWT_SECRET"); err != nil {
		return nil, err
	}
	if c.JWTPrevSecret, err = secret(env, "GENDAN_JWT_PREVIOUS_SECRET"); err != nil {
		return nil, err
	}
	if p := env("GENDAN_TRUSTED_PROXIES"); p != "" {
		for _, s := range strings.Split(p, ",") {
			if s = strings.TrimSpace(s); s != "" {
				c.TrustedProxies = append(c.TrustedProxies, s)
			}
		}
	}
	if d := env("GENDAN_SHUTDOWN_DELAY"); d != "" {
		if c.ShutdownDelay, err = time.ParseDuration(d); err != nil {
			return nil, fmt.Errorf("GENDAN_SHUTDOWN_DELAY: %w", err)
		}
	}
	if c.PprofAddr = env("GENDAN_PPROF_ADDR"); c.PprofAddr != "" {
		host, _, err := net.SplitHostPort(c.PprofAddr)
		if ip := net.ParseIP(host); err != nil || (host != "localhost" && (ip == nil || !ip.IsLoopback())) {
			return nil, errors.New("GENDAN_PPROF_ADDR must be a loopback address such as 127.0.0.1:6060")
		}
	}
	if c.NodeName = strings.TrimSpace(env("GENDAN_NODE_NAME")); c.NodeName == "" {
		host, _ := os.Hostname()
		c.NodeName = fmt.Sprintf("%s-%d", or(host, "gendan"), os.Getpid())
	}
	if len(c.NodeName) > 100 {
		return nil, errors.New("GENDAN_NODE_NAME must be at most 100 characters")
	}
	c.RiskSweepEvery = time.Minute
	if d := env("GENDAN_RISK_SWEEP_EVERY"); d != "" {
		if c.RiskSweepEvery, err = time.ParseDuration(d); err != nil {
			return nil, fmt.Errorf("GENDAN_RISK_SWEEP_EVERY: %w", err)
		}
		if c.RiskSweepEvery <= 0 {
			return nil, errors.New("GENDAN_RISK_SWEEP_EVERY must be positive")
		}
	}
	for name, dst := range riskVars(&c.Risk) {
		if v := env(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 365 {
				return nil, fmt.Errorf("%s must be a whole number of days from 1 to 365", name)
			}
			*dst = n
		}
	}
	if c.StatusLinkPerMinute, err = intVar(env, "GENDAN_STATUS_LINK_PER_MINUTE", 120); err != nil {
		return nil, err
	}
	if c.StatusMissesPerIP, err = intVar(env, "GENDAN_STATUS_MISSES_PER_IP", 20); err != nil {
		return nil, err
	}
	if c.RateSyncEvery, err = durationVar(env, "GENDAN_RATE_SYNC_EVERY", time.Second); err != nil {
		return nil, err
	}
	if c.StatusCacheTTL, err = durationVar(env, "GENDAN_STATUS_CACHE_TTL", 5*time.Second); err != nil {
		return nil, err
	}
	if c.NotifyEvery, err = durationVar(env, "GENDAN_NOTIFY_EVERY", time.Second); err != nil {
		return nil, err
	}
	if c.NotifyLease, err = durationVar(env, "GENDAN_NOTIFY_LEASE", 2*time.Minute); err != nil {
		return nil, err
	}
	if c.NotifyBatch, err = durationVar(env, "GENDAN_NOTIFY_BATCH", time.Hour); err != nil {
		return nil, err
	}
	if c.SMTP, err = smtpVars(env); err != nil {
		return nil, err
	}
	vapid, err := secret(env, "GENDAN_VAPID_PRIVATE_KEY")
	if err != nil {
		return nil, err
	}
	c.VAPIDPrivateKey = strings.TrimSpace(string(vapid))
	c.VAPIDSubject = strings.TrimSpace(env("GENDAN_VAPID_SUBJECT"))
	c.PresignPhotos = env("GENDAN_S3_PRESIGN") == "1" || strings.EqualFold(env("GENDAN_S3_PRESIGN"), "true")
	// The same SQLite forms models.ParseDSN accepts, bare *.db paths included.
	embedded := c.DB == "" || strings.HasPrefix(c.DB, "sqlite://") || strings.HasPrefix(c.DB, "file:") ||
		(strings.HasSuffix(c.DB, ".db") && !strings.HasPrefix(c.DB, "mysql://"))
	c.SeedDemoOnStart = embedded
	if v := env("GENDAN_SEED_DEMO"); v != "" {
		c.SeedDemoOnStart = v == "1" || strings.EqualFold(v, "true")
	}
	switch {
	case len(c.JWTSecret) > 0 && len(c.JWTSecret) < 32:
		return nil, errors.New("GENDAN_JWT_SECRET must be at least 32 bytes")
	case len(c.JWTPrevSecret) > 0 && len(c.JWTPrevSecret) < 32:
		return nil, errors.New("GENDAN_JWT_PREVIOUS_SECRET must be at least 32 bytes")
	case len(c.JWTSecret) == 0 && !embedded:
		return nil, errors.New("GENDAN_JWT_SECRET (or GENDAN_JWT_SECRET_FILE) is required with a MySQL database: " +
			"every node must sign with the same key of at least 32 bytes, e.g. `openssl rand -hex 32`")
	case len(c.JWTSecret) == 0:
		if c.JWTSecret, err = localSecret(c.DataDir); err != nil {
			return nil, err
		}
	}
	if c.BaseURL == "" {
		port := c.Addr[strings.LastIndex(c.Addr, ":")+1:]
		c.BaseURL = "http://localhost:" + port
	}
	if c.VAPIDPrivateKey == "" && embedded {
		if c.VAPIDPrivateKey, err = localVAPIDKey(c.DataDir); err != nil {
			return nil, err
		}
	}
	if c.VAPIDSubject == "" {
		c.VAPIDSubject = "mailto:gendan@localhost"
		if strings.HasPrefix(c.BaseURL, "https://") {
			c.VAPIDSubject = c.BaseURL
		}
	}
	return c, nil
}

// localSecret returns the key kept in the data dir, making it on first use.
func localSecret(dir string) ([]byte, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data dir %s: %w", dir, err)
	}
	path := filepath.Join(dir, "jwt.key")
	if b, err := os.ReadFile(path); err == nil {
		k := strings.TrimSpace(string(b))
		if len(k) < 32 {
			return nil, fmt.Errorf("%s is shorter than 32 bytes; delete it to make a new one", path)
		}
		return []byte(k), nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	k := hex.EncodeToString(raw)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", path, err)
	}
	defer f.Close()
	if _, err := f.WriteString(k + "\n"); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return []byte(k), nil
}

// localVAPIDKey reads DATA_DIR/vapid.key, or makes it once: like the JWT
// key, a new one would end every browser's push subscription.
func localVAPIDKey(dir string) (string, error) {
	path := filepath.Join(dir, "vapid.key")
	if b, err := os.ReadFile(path); err == nil {
		return strings.TrimSpace(string(b)), nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create data dir %s: %w", dir, err)
	}
	key, err := ecdh.P256().GenerateKey(rand.Reader)
	if err != nil {
		return "", err
	}
	k := base64.RawURLEncoding.EncodeToString(key.Bytes())
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("create %s: %w", path, err)
	}
	defer f.Close()
	if _, err := f.WriteString(k + "\n"); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return k, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Usage is the help text of `gendan serve`.
func Usage() string {
	var b strings.Builder
	b.WriteString("Environment variables (each secret also as NAME_FILE, naming a file that holds it):\n\n")
	for _, v := range Vars {
		fmt.Fprintf(&b, "  %-28s %s\n  %-28s default: %s\n", v.Name, v.Help, "", v.Default)
	}
	return b.String()
}
