// Command gendan runs the Gendan supplier portal: one binary for the API and
// the embedded PWA, plus administrative subcommands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"gendan/config"
	"gendan/models"
	"gendan/notify/chat"
	"gendan/notify/email"
	"gendan/notify/webpush"
	"gendan/pwa"
	"gendan/ratelimit"
	"gendan/server"
	"gendan/storage"
	"gendan/worker"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gendan:", err)
		os.Exit(1)
	}
}

const usage = `Usage: gendan [command] [flags]

Commands:
  serve                 run the server (the default command)
  migrate               apply pending database migrations and exit
  seed --demo           add the demo suppliers and accounts
  seed --orders N       add bench orders, N of them live, for load tests (bench/orders.sh)
  risk recompute        recompute every live order's delivery risk now (bench/risk.sh)
  user add ...          add a user (see gendan user add --help)
  healthcheck           exit 0 when the local server answers /readyz (for containers)

Run 'gendan serve --help' for the configuration variables.
`

func run(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(args, env, stdout, stderr)
	case "migrate":
		return migrate(args, env, stdout, stderr)
	case "seed":
		return seed(args, env, stdout, stderr)
	case "risk":
		return riskCmd(args, env, stdout, stderr)
	case "user":
		if len(args) == 0 || args[0] != "add" {
			return errors.New("usage: gendan user add --name N --email E [--phone P] --password-file F|--password P --role admin|merchandiser|factory [--supplier CODE]")
		}
		return userAdd(args[1:], env, stdout, stderr)
	case "healthcheck":
		return healthcheck(env, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		lv = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lv}))
}

// open loads the configuration, opens and migrates the database and ensures
// its reference data.
func open(env config.Getenv) (*config.Config, *models.DB, error) {
	cfg, err := config.Load(env)
	if err != nil {
		return nil, nil, err
	}
	db, err := models.Open(cfg.DB, cfg.DataDir)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := prepare(ctx, db, cfg); err != nil {
		db.Close()
		return nil, nil, err
	}
	return cfg, db, nil
}

// prepare applies the pending migrations, then inserts the reference data
// the database lacks (models/refdata.go): the one way a database gets its
// sample types and default templates.
func prepare(ctx context.Context, db *models.DB, cfg *config.Config) (applied []string, err error) {
	if applied, err = db.Migrate(ctx); err != nil {
		return applied, err
	}
	if err := models.NewStore(db, nil, cfg.JWTSecret).EnsureReferenceData(ctx); err != nil {
		return applied, err
	}
	return applied, nil
}

func serve(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: gendan serve\n\nRuns the API and the PWA. With no configuration it uses SQLite and local files in ./data\nand seeds demo data on the first start.\n\n%s", config.Usage())
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	start := time.Now()
	cfg, db, err := open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	logOut := newLogWriter(stderr)
	defer logOut.Close()
	log := newLogger(logOut, cfg.LogLevel)
	clock := models.SystemClock{}
	models.SetRiskConfig(cfg.Risk)
	store := models.NewStore(db, clock, cfg.JWTSecret)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	var demo []models.DemoLogin
	seeded, demoLink := false, ""
	if cfg.SeedDemoOnStart {
		if n, err := store.CountUsers(ctx); err != nil {
			return err
		} else if n == 0 {
			if demo, err = store.SeedDemo(ctx); err != nil {
				return err
			}
			seeded = true
			// Its token exists only now: printed on the first start alone.
			_, tok, err := store.DemoStatusLink(ctx)
			if err != nil {
				return err
			}
			demoLink = cfg.BaseURL + "/s/" + tok
		} else if demo, err = store.DemoLogins(ctx); err != nil {
			return err
		}
	}
	tokens, err := server.NewTokenIssuer(cfg.JWTSecret, cfg.JWTPrevSecret, clock)
	if err != nil {
		return err
	}
	bucketCtx, cancelBucket := context.WithTimeout(ctx, 30*time.Second)
	bucket, err := storage.Open(bucketCtx, cfg.Storage, cfg.DataDir, storage.Getenv(env))
	cancelBucket()
	if err != nil {
		return fmt.Errorf("object storage: %w", err)
	}
	opts := server.Options{Store: store, DB: db, Tokens: tokens, Log: log, Clock: clock,
		BaseURL: cfg.BaseURL, TrustedProxies: cfg.TrustedProxies, Frontend: server.Frontend(pwa.Dist()), Bucket: bucket}
	if s3, ok := bucket.(*storage.S3); ok && cfg.PresignPhotos {
		opts.PresignPhotos, opts.ImageOrigin = true, s3.Endpoint()
	}
	// The public status page's limits are shared by every node through
	// the database (rate_windows), synced every GENDAN_RATE_SYNC_EVERY.
	limiter := ratelimit.New(db.Gorm, ratelimit.Options{SyncEvery: cfg.RateSyncEvery, Now: clock.Now, Log: log})
	opts.Limiter, opts.LinkCacheTTL = limiter, cfg.StatusCacheTTL
	opts.LinkLimits = server.LinkLimits{PerLink: cfg.StatusLinkPerMinute, PerLinkWindow: time.Minute,
		MissesPerIP: cfg.StatusMissesPerIP, MissWindow: 10 * time.Minute}
	// Notifications go out by e-mail too when a relay is configured.
	dispatcher := worker.Dispatcher{Store: store, Holder: cfg.NodeName, BaseURL: cfg.BaseURL, Lease: cfg.NotifyLease,
		Chat: &chat.Poster{}}
	channels := models.NotifyConfig{Batch: cfg.NotifyBatch}
	if cfg.SMTP.Host != "" {
		channels.Email = true
		dispatcher.Mail = &email.SMTP{Host: cfg.SMTP.Host, Port: cfg.SMTP.Port, Username: cfg.SMTP.Username,
			Password: cfg.SMTP.Password, From: cfg.SMTP.From, StartTLS: cfg.SMTP.StartTLS}
	}
	if cfg.VAPIDPrivateKey != "" {
		keys, err := webpush.KeysFromPrivate(cfg.VAPIDPrivateKey)
		if err != nil {
			return fmt.Errorf("GENDAN_VAPID_PRIVATE_KEY: %w", err)
		}
		channels.Push = true
		dispatcher.Push = &webpush.Sender{Keys: keys, Subject: cfg.VAPIDSubject}
		opts.PushPublicKey = keys.Public
	}
	models.SetNotifyConfig(channels)
	srv := server.New(opts)
	// Background jobs run on every node; each is safe to run on several.
	jobs, err := worker.New(log, clock,
		worker.NotifyDispatch(dispatcher, cfg.NotifyEvery),
		worker.Escalate(store, 10*time.Minute),
		worker.RiskDigest(store, cfg.NodeName, 5*time.Minute),
		worker.RateSync(limiter, cfg.RateSyncEvery),
		worker.LinkViews(srv.FlushLinkViews, 5*time.Second),
		worker.PurgeIdempotencyKeys(store),
		worker.PurgeRefreshTokens(store),
		worker.PhotoSweep(store, bucket),
		worker.RiskSweep(store, cfg.NodeName, cfg.RiskSweepEvery),
	)
	if err != nil {
		return err
	}

	if cfg.PprofAddr != "" {
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		ps := &http.Server{Addr: cfg.PprofAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go func() { _ = ps.ListenAndServe() }()
		defer ps.Close()
		log.Info("profiler", slog.String("addr", cfg.PprofAddr))
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// The banner before the first answer: the socket is bound, so a client
	// that connects now is served as soon as the app starts, and whoever
	// waits for /healthz finds the logins printed.
	fmt.Fprintf(stdout, "Gendan is serving on %s (ready in %d ms, database: %s)\n", cfg.BaseURL,
		time.Since(start).Milliseconds(), db.Dialect)
	if len(demo) > 0 {
		what := "Demo data present"
		if seeded {
			what = "Demo data seeded"
		}
		fmt.Fprintf(stdout, "%s. Every demo login uses the password %q:\n", what, models.DemoPassword)
		for _, d := range demo {
			sup := ""
			if d.Supplier != "" {
				sup = " (" + d.Supplier + ")"
			}
			fmt.Fprintf(stdout, "  %-13s %-28s %s%s\n", d.Role, d.Login, d.Name, sup)
		}
		if demoLink != "" {
			fmt.Fprintf(stdout, "A customer's status page (no login): %s\n", demoLink)
		}
	}
	served := make(chan error, 1)
	go func() { served <- srv.App().Listener(ln) }()
	// The jobs stop with the server; the database is closed only after
	// their last pass has returned.
	jobsCtx, stopJobs := context.WithCancel(ctx)
	jobsDone := make(chan struct{})
	go func() { defer close(jobsDone); jobs.Run(jobsCtx) }()
	defer func() { stopJobs(); <-jobsDone }()

	log.Info("serving", slog.String("addr", ln.Addr().String()), slog.String("node", cfg.NodeName))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// Drain: report not ready first so a load balancer stops sending, then
	// let in-flight requests finish.
	log.Info("shutting down")
	srv.SetReady(false)
	time.Sleep(cfg.ShutdownDelay)
	if err := srv.App().ShutdownWithTimeout(30 * time.Second); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	// What the last requests counted is saved before the database closes.
	last, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.FlushLinkViews(last)
	if err := limiter.Sync(last); err != nil {
		log.Warn("last rate-limit sync", slog.Any("err", err))
	}
	return nil
}

func migrate(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	cfg, err := config.Load(env)
	if err != nil {
		return err
	}
	db, err := models.Open(cfg.DB, cfg.DataDir)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := prepare(context.Background(), db, cfg)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintln(stdout, "database is up to date")
	}
	for _, a := range applied {
		fmt.Fprintln(stdout, "applied", a)
	}
	return nil
}

func seed(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	demo := fs.Bool("demo", false, "add the demo suppliers and accounts")
	orders := fs.Int("orders", 0, "add bench orders until this many are live (20 suppliers, 3 lines and 12 steps each, with reports, samples, inspections and deliveries; shipped, closed, cancelled and drafts on top) for load tests")
	today := fs.String("today", "", "with --orders: the date the bench plans are laid around (default: today, UTC)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !*demo && *orders == 0 {
		return errors.New("usage: gendan seed --demo | --orders N [--today YYYY-MM-DD]")
	}
	cfg, db, err := open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	store := models.NewStore(db, nil, cfg.JWTSecret)
	if *demo {
		logins, err := store.SeedDemo(context.Background())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo data present; password for every demo login: %s\n", models.DemoPassword)
		for _, d := range logins {
			fmt.Fprintf(stdout, "  %-13s %s\n", d.Role, d.Login)
		}
	}
	if *orders != 0 {
		day := *today
		if day == "" {
			day = time.Now().UTC().Format(models.DateLayout)
		}
		start := time.Now()
		if err := store.SeedBenchLive(context.Background(), *orders, day); err != nil {
			return err
		}
		counts, err := store.BenchCounts(context.Background())
		if err != nil {
			return err
		}
		merch, factories := models.BenchLogins()
		fmt.Fprintf(stdout, "bench data: %d orders (%d live), %d steps, %d progress reports, %d sample rounds, %d inspections, %d deliveries over %d suppliers around %s in %s; password for every bench login: %s\n",
			counts.Orders, counts.Live, counts.Steps, counts.Reports, counts.Rounds, counts.Inspections, counts.Deliveries,
			models.BenchSuppliers, day, time.Since(start).Round(time.Millisecond), models.BenchPassword)
		fmt.Fprintf(stdout, "  merchandiser  %s\n  factory       %s … %s\n", merch, factories[0], factories[len(factories)-1])
	}
	return nil
}

func userAdd(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("name", "", "full name (required)")
	email := fs.String("email", "", "e-mail address, used to sign in (required)")
	phone := fs.String("phone", "", "mobile number, also usable to sign in")
	pwFile := fs.String("password-file", "", "file holding the password")
	pw := fs.String("password", "", "the password (prefer --password-file: arguments show in ps)")
	role := fs.String("role", "", "admin, merchandiser or factory (required)")
	supplier := fs.String("supplier", "", "supplier code (required for factory users); for qc users, the codes of the suppliers they inspect, comma-separated")
	locale := fs.String("locale", models.LocaleZH, "zh-CN or en")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password := *pw
	if *pwFile != "" {
		b, err := os.ReadFile(*pwFile)
		if err != nil {
			return fmt.Errorf("--password-file: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	cfg, db, err := open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	store := models.NewStore(db, nil, cfg.JWTSecret)
	in := models.NewUser{Name: *name, Email: *email, Phone: *phone, Password: password, Role: models.Role(*role), Locale: *locale}
	if *supplier != "" {
		codes := []string{*supplier}
		if in.Role == models.RoleQC {
			codes = strings.Split(*supplier, ",")
		}
		for _, code := range codes {
			code = strings.TrimSpace(code)
			sp, err := store.GetSupplierByCode(ctx, code)
			if err != nil {
				return fmt.Errorf("--supplier %s: no such supplier", code)
			}
			if in.Role == models.RoleQC {
				in.SupplierIDs = append(in.SupplierIDs, sp.ID)
			} else {
				in.SupplierID = &sp.ID
			}
		}
	}
	u, err := store.CreateUser(ctx, in)
	if err != nil {
		var ve *models.ValidationError
		if errors.As(err, &ve) {
			return fmt.Errorf("cannot add user: %s", strings.TrimPrefix(ve.Error(), "validation failed: "))
		}
		return err
	}
	fmt.Fprintf(stdout, "added user %d: %s <%s> role %s\n", u.ID, u.Name, u.Email, u.Role)
	return nil
}

// healthcheck asks the local server's /readyz; containers without curl use it.
func healthcheck(env config.Getenv, stdout io.Writer) error {
	addr := env("GENDAN_ADDR")
	if addr == "" {
		addr = ":8080"
	}
	port := addr[strings.LastIndex(addr, ":")+1:]
	client := &http.Client{Timeout: 3 * time.Second}
	res, err := client.Get("http://127.0.0.1:" + port + "/readyz")
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /readyz answered %d", res.StatusCode)
	}
	fmt.Fprintln(stdout, "ready")
	return nil
}
