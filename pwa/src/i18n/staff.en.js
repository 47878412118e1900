// Messages of the staff order screens (en); keys mirror the other language.
export default {};
