package models_test

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gendan/models"
	"gendan/models/testdb"
)

// refSnapshot is every reference row as stored, ids and timestamps included.
type refSnapshot struct {
	SampleTypes []models.SampleType
	Templates   []models.Template
}

func (f *fx) refSnapshot() refSnapshot {
	f.t.Helper()
	var s refSnapshot
	if err := f.db.Gorm.Order("id").Find(&s.SampleTypes).Error; err != nil {
		f.t.Fatal(err)
	}
	ts, err := f.store.ListTemplates(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	s.Templates = ts
	return s
}

func (f *fx) ensureReferenceData() {
	f.t.Helper()
	if err := f.store.EnsureReferenceData(f.ctx); err != nil {
		f.t.Fatalf("EnsureReferenceData: %v", err)
	}
}

// TestReferenceDataOnFreshDB: migrations alone insert no reference rows;
// EnsureReferenceData then inserts exactly the Go values.
func TestReferenceDataOnFreshDB(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		if n, m := f.count(&models.SampleType{}), f.count(&models.Template{}); n != 0 || m != 0 {
			t.Fatalf("a fresh migrate has %d sample types and %d templates; reference data must come from EnsureReferenceData only", n, m)
		}
		f.ensureReferenceData()

		types, err := f.store.ListSampleTypes(f.ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(types) != len(models.DefaultSampleTypes) {
			t.Fatalf("%d sample types, want %d", len(types), len(models.DefaultSampleTypes))
		}
		for i, want := range models.DefaultSampleTypes {
			got := types[i]
			got.ID = 0
			if got != want {
				t.Errorf("sample type %d = %+v, want %+v", i, got, want)
			}
		}

		ts, err := f.store.ListTemplates(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != len(models.DefaultTemplates) {
			t.Fatalf("%d templates, want %d", len(ts), len(models.DefaultTemplates))
		}
		for i, want := range models.DefaultTemplates {
			got := ts[i]
			if got.Code != want.Code || got.Name != want.Name || got.NameEn != want.NameEn || !got.Active || len(got.Steps) != len(want.Steps) {
				t.Fatalf("template %d = %+v, want %+v", i, got, want)
			}
			for j, ws := range want.Steps {
				gs := got.Steps[j]
				if gs.Position != j+1 || gs.Code != ws.Code || gs.Name != ws.Name || gs.NameEn != ws.NameEn ||
					gs.DaysBefore != ws.DaysBefore || gs.QuantityKind != ws.QuantityKind || gs.SampleType != ws.SampleType {
					t.Errorf("template %s step %d = %+v, want %+v", want.Code, j, gs, ws)
				}
			}
		}
		// Inserting did not write into the package's values.
		if s := models.DefaultTemplates[0].Steps[0]; s.ID != 0 || s.TemplateID != 0 || s.Position != 0 {
			t.Fatalf("DefaultTemplates was modified: %+v", s)
		}
	})
}

// TestEnsureReferenceDataIsIdempotent: a second run changes nothing, and no
// run undoes what an admin changed.
func TestEnsureReferenceDataIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		f.ensureReferenceData()
		first := f.refSnapshot()
		// Any write from here on would carry a later updated_at.
		f.clock.Advance(time.Hour)
		f.ensureReferenceData()
		if again := f.refSnapshot(); !reflect.DeepEqual(again, first) {
			t.Fatalf("the second run changed the reference data:\nbefore %+v\nafter  %+v", first, again)
		}

		// An admin renames and retires sample types, adds one, and edits a
		// template.
		g := f.db.Gorm
		if err := g.Model(&models.SampleType{}).Where("code = ?", "pp").Updates(map[string]any{"name": "产前确认样", "position": 40}).Error; err != nil {
			t.Fatal(err)
		}
		if err := g.Model(&models.SampleType{}).Where("code = ?", "proto").Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		if err := f.store.CreateSampleType(f.ctx, &models.SampleType{Code: "gold_seal", Name: "封样", Active: true}); err != nil {
			t.Fatal(err)
		}
		tpl, err := f.store.GetTemplateByCode(f.ctx, "apparel")
		if err != nil {
			t.Fatal(err)
		}
		name, steps := "服装流程（本厂）", tpl.Steps[:3]
		if _, err := f.store.UpdateTemplate(f.ctx, tpl.ID, models.TemplatePatch{Name: &name, Steps: &steps}); err != nil {
			t.Fatal(err)
		}
		edited := f.refSnapshot()
		f.clock.Advance(time.Hour)
		f.ensureReferenceData()
		if after := f.refSnapshot(); !reflect.DeepEqual(after, edited) {
			t.Fatalf("EnsureReferenceData overwrote admin edits:\nedited %+v\nafter  %+v", edited, after)
		}
	})
}

// TestEnsureReferenceDataConcurrently: nodes starting together each run it;
// all succeed and every row exists once.
func TestEnsureReferenceDataConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		f := newFx(t, db)
		const nodes = 4
		errs := make([]error, nodes)
		var wg sync.WaitGroup
		for i := range nodes {
			// Each node has a store of its own, as separate processes would.
			st := models.NewStore(db, f.clock, testdb.TokenKey)
			wg.Go(func() { errs[i] = st.EnsureReferenceData(f.ctx) })
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("node %d: %v", i, err)
			}
		}
		if n := f.count(&models.SampleType{}); n != int64(len(models.DefaultSampleTypes)) {
			t.Errorf("%d sample types, want %d", n, len(models.DefaultSampleTypes))
		}
		if n := f.count(&models.Template{}); n != int64(len(models.DefaultTemplates)) {
			t.Errorf("%d templates, want %d", n, len(models.DefaultTemplates))
		}
		var steps int64
		for _, d := range models.DefaultTemplates {
			steps += int64(len(d.Steps))
		}
		if n := f.count(&models.TemplateStep{}); n != steps {
			t.Errorf("%d template steps, want %d", n, steps)
		}
	})
}

// TestDefaultTemplatesNameDefaultSampleTypes: a template's sample step can
// only complete if its sample type is reference data too.
func TestDefaultTemplatesNameDefaultSampleTypes(t *testing.T) {
	codes := map[string]bool{}
	for _, st := range models.DefaultSampleTypes {
		codes[st.Code] = true
	}
	for _, tpl := range models.DefaultTemplates {
		for _, s := range tpl.Steps {
			if s.SampleType != "" && !codes[s.SampleType] {
				t.Errorf("template %s step %s names sample type %q, which DefaultSampleTypes lacks", tpl.Code, s.Code, s.SampleType)
			}
		}
	}
}

// TestEnsureReferenceDataReportsInvalidValues: a reference value that fails
// validation is an error at boot, not a row silently skipped.
func TestEnsureReferenceDataReportsInvalidValues(t *testing.T) {
	saved := models.DefaultSampleTypes
	t.Cleanup(func() { models.DefaultSampleTypes = saved })
	models.DefaultSampleTypes = append(slices.Clone(saved), models.SampleType{Code: "gold seal", Name: "封样", Active: true})
	f := newFx(t, testdb.SQLite(t))
	err := f.store.EnsureReferenceData(f.ctx)
	if err == nil || !strings.Contains(err.Error(), "sample types") || !strings.Contains(err.Error(), "gold seal") {
		t.Fatalf("an invalid sample type: %v", err)
	}
}
