// Messages of the factory order screens (en); keys mirror the other language.
export default {};
