package main

import (
	"context"
	"fmt"
	"io"
)

// runMigrate applies every component's migrations (openApp does it) and says so.
func runMigrate(ctx context.Context, args []string, stdout io.Writer) error {
	cfg, _, err := parseConfig("migrate", args, stdout, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	_, err = fmt.Fprintln(stdout, "migrations are up to date")
	return err
}
