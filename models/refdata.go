package models

import (
	"context"
	"fmt"
)

// Reference data are the rows every installation starts with and admins may
// then edit: sample types and T&A templates today, defect codes, AQL tables
// and reason codes later. They live here as typed values and reach a
// database one way only, EnsureReferenceData; no migration inserts them.
//
// A row is matched by its code and, once present, never written again: an
// admin's rename, reordering or deactivation survives every upgrade, and a
// value changed here reaches only databases that lack the row. To add a kind,
// add its values below and one entry to the list in EnsureReferenceData.

// DefaultSampleTypes are the sample types a factory can submit from the
// start, in display order.
var DefaultSampleTypes = []SampleType{
	{Code: "lab_dip", Name: "色样", NameEn: "Lab dip", Position: 1, Active: true},
	{Code: "proto", Name: "初样", NameEn: "Proto sample", Position: 2, Active: true},
	{Code: "fit", Name: "试身样", NameEn: "Fit sample", Position: 3, Active: true},
	{Code: "size_set", Name: "齐码样", NameEn: "Size set", Position: 4, Active: true},
	{Code: "pp", Name: "产前样", NameEn: "Pre-production (PP) sample", Position: 5, Active: true},
	{Code: "top", Name: "大货样", NameEn: "Top of production", Position: 6, Active: true},
	{Code: "shipment", Name: "船样", NameEn: "Shipment sample", Position: 7, Active: true},
	{Code: "wash_test", Name: "洗水测试", NameEn: "Wash test", Position: 8, Active: true},
}

// DefaultDefectCodes are the defects an inspector can record from the
// start, with the severity they usually carry, in display order (the
// commonest apparel defects first).
var DefaultDefectCodes = []DefectCode{
	{Code: "broken_stitch", Name: "断线", NameEn: "Broken stitch", Severity: SevMajor, Position: 1, Active: true},
	{Code: "open_seam", Name: "开缝/爆口", NameEn: "Open seam", Severity: SevMajor, Position: 2, Active: true},
	{Code: "skipped_stitch", Name: "跳针", NameEn: "Skipped stitch", Severity: SevMajor, Position: 3, Active: true},
	{Code: "stain", Name: "污渍", NameEn: "Stain", Severity: SevMajor, Position: 4, Active: true},
	{Code: "shade_variation", Name: "色差", NameEn: "Shade variation", Severity: SevMajor, Position: 5, Active: true},
	{Code: "loose_thread", Name: "线头", NameEn: "Untrimmed thread", Severity: SevMinor, Position: 6, Active: true},
	{Code: "hole", Name: "破洞", NameEn: "Hole", Severity: SevMajor, Position: 7, Active: true},
	{Code: "measurement_out_of_tolerance", Name: "尺寸超差", NameEn: "Measurement out of tolerance", Severity: SevMajor, Position: 8, Active: true},
	{Code: "wrong_label", Name: "错唛/错标", NameEn: "Wrong label", Severity: SevMajor, Position: 9, Active: true},
	{Code: "missing_label", Name: "漏标", NameEn: "Missing label", Severity: SevMajor, Position: 10, Active: true},
	{Code: "uneven_hem", Name: "下摆不齐", NameEn: "Uneven hem", Severity: SevMinor, Position: 11, Active: true},
	{Code: "puckering", Name: "起皱", NameEn: "Seam puckering", Severity: SevMinor, Position: 12, Active: true},
	{Code: "poor_pressing", Name: "整烫不良", NameEn: "Poor pressing", Severity: SevMinor, Position: 13, Active: true},
	{Code: "wrong_packing", Name: "包装错误", NameEn: "Wrong packing", Severity: SevMajor, Position: 14, Active: true},
	{Code: "carton_damage", Name: "纸箱破损", NameEn: "Damaged carton", Severity: SevMinor, Position: 15, Active: true},
	{Code: "broken_needle", Name: "断针/金属残留", NameEn: "Broken needle or metal", Severity: SevCritical, Position: 16, Active: true},
	{Code: "sharp_point", Name: "尖锐物", NameEn: "Sharp point or edge", Severity: SevCritical, Position: 17, Active: true},
	{Code: "mould", Name: "发霉", NameEn: "Mould", Severity: SevCritical, Position: 18, Active: true},
}

// DefaultTemplates are the plans every installation starts with: the
// apparel flow from the seed workflow, and a shorter one for hard goods.
// Their sample steps name codes of DefaultSampleTypes.
var DefaultTemplates = []Template{
	{Code: "apparel", Name: "服装标准流程", NameEn: "Apparel standard", Active: true, Steps: []TemplateStep{
		{Code: "lab_dip", Name: "色样确认", NameEn: "Lab dip approved", DaysBefore: 75, SampleType: "lab_dip"},
		{Code: "fit_sample", Name: "试身样确认", NameEn: "Fit sample approved", DaysBefore: 63, SampleType: "fit"},
		{Code: "pp_sample", Name: "产前样确认", NameEn: "PP sample approved", DaysBefore: 45, SampleType: "pp"},
		{Code: "fabric_in", Name: "面料到厂", NameEn: "Fabric in-house", DaysBefore: 40},
		{Code: "trims_in", Name: "辅料到厂", NameEn: "Trims in-house", DaysBefore: 35},
		{Code: "cutting", Name: "裁剪", NameEn: "Cutting", DaysBefore: 30, QuantityKind: "cut"},
		{Code: "sewing", Name: "车缝", NameEn: "Sewing", DaysBefore: 18, QuantityKind: "sewn"},
		{Code: "washing", Name: "洗水", NameEn: "Washing", DaysBefore: 12},
		{Code: "finishing", Name: "后整", NameEn: "Finishing", DaysBefore: 8},
		{Code: "packing", Name: "包装", NameEn: "Packing", DaysBefore: 5, QuantityKind: "packed"},
		{Code: "final_inspection", Name: "尾期检验", NameEn: "Final inspection", DaysBefore: 3},
		{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory", DaysBefore: 0},
	}},
	{Code: "hard_goods", Name: "杂货标准流程", NameEn: "Hard goods standard", Active: true, Steps: []TemplateStep{
		{Code: "sample_approved", Name: "样品确认", NameEn: "Sample approved", DaysBefore: 35, SampleType: "pp"},
		{Code: "materials_in", Name: "物料到厂", NameEn: "Materials in-house", DaysBefore: 25},
		{Code: "production", Name: "生产", NameEn: "Production", DaysBefore: 12, QuantityKind: "produced"},
		{Code: "packing", Name: "包装", NameEn: "Packing", DaysBefore: 5, QuantityKind: "packed"},
		{Code: "final_inspection", Name: "尾期检验", NameEn: "Final inspection", DaysBefore: 3},
		{Code: "ex_factory", Name: "出厂", NameEn: "Ex-factory", DaysBefore: 0},
	}},
}

// EnsureReferenceData inserts the reference rows a database lacks and
// leaves every other row alone. It runs at each start, after the
// migrations, and is safe on several nodes at once: each insert goes through
// the same validation as an admin's, and one that loses a race on the
// unique code finds the row present and moves on.
func (s *Store) EnsureReferenceData(ctx context.Context) error {
	// Order matters where one kind names another: templates' sample steps
	// name sample types, so sample types come first.
	kinds := []struct {
		name   string
		ensure func(context.Context) error
	}{
		{"sample types", s.ensureSampleTypes},
		{"T&A templates", s.ensureTemplates},
		{"defect codes", s.ensureDefectCodes},
	}
	for _, k := range kinds {
		if err := k.ensure(ctx); err != nil {
			return fmt.Errorf("reference data, %s: %w", k.name, err)
		}
	}
	return nil
}

func (s *Store) ensureSampleTypes(ctx context.Context) error {
	return ensureByCode(ctx, s, &SampleType{}, DefaultSampleTypes,
		func(t SampleType) string { return t.Code },
		func(ctx context.Context, t SampleType) error { return s.CreateSampleType(ctx, &t) })
}

func (s *Store) ensureDefectCodes(ctx context.Context) error {
	return ensureByCode(ctx, s, &DefectCode{}, DefaultDefectCodes,
		func(d DefectCode) string { return d.Code },
		func(ctx context.Context, d DefectCode) error { return s.CreateDefectCode(ctx, &d) })
}

func (s *Store) ensureTemplates(ctx context.Context) error {
	return ensureByCode(ctx, s, &Template{}, DefaultTemplates,
		func(t Template) string { return t.Code },
		func(ctx context.Context, t Template) error {
			// CreateTemplate writes positions and ids into the steps: give it
			// a copy, so DefaultTemplates stays as written.
			t.Steps = append([]TemplateStep(nil), t.Steps...)
			return s.CreateTemplate(ctx, &t)
		})
}

// ensureByCode creates each value whose code has no row in model's table.
// create gets a copy of the value. When create fails but the code is there
// afterwards, another node inserted it meanwhile; any other failure (an
// invalid reference value, say) is returned.
func ensureByCode[T any](ctx context.Context, s *Store, model any, values []T, code func(T) string,
	create func(context.Context, T) error) error {
	have, err := s.codesIn(ctx, model)
	if err != nil {
		return err
	}
	for _, v := range values {
		c := code(v)
		if have[c] {
			continue
		}
		err := create(ctx, v)
		if err == nil {
			continue
		}
		if now, cerr := s.codesIn(ctx, model); cerr == nil && now[c] {
			continue
		}
		return fmt.Errorf("%s: %w", c, err)
	}
	return nil
}

// codesIn returns the codes present in model's table.
func (s *Store) codesIn(ctx context.Context, model any) (map[string]bool, error) {
	var codes []string
	if err := s.conn(ctx).Model(model).Pluck("code", &codes).Error; err != nil {
		return nil, err
	}
	have := make(map[string]bool, len(codes))
	for _, c := range codes {
		have[c] = true
	}
	return have, nil
}
