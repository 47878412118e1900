package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"gendan/config"
	"gendan/models"
)

// riskCmd is `gendan risk recompute`: every live order's delivery risk
// recomputed now, with the time it took (the daily sweep does the same per
// time zone; bench/risk.sh times it).
func riskCmd(args []string, env config.Getenv, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "recompute" {
		return errors.New("usage: gendan risk recompute [--rounds N]")
	}
	fs := flag.NewFlagSet("risk recompute", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rounds := fs.Int("rounds", 1, "recompute this many times and print each")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	cfg, db, err := open(env)
	if err != nil {
		return err
	}
	defer db.Close()
	models.SetRiskConfig(cfg.Risk)
	store := models.NewStore(db, nil, cfg.JWTSecret)
	for i := 0; i < *rounds; i++ {
		start := time.Now()
		n, err := store.RecomputeAllRisk(context.Background(), time.Now().UTC())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "risk recomputed for %d live orders in %d ms\n", n, time.Since(start).Milliseconds())
	}
	return nil
}
