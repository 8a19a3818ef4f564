import '@testing-library/jest-dom';

// Rendering MUI tables and clicking through them takes seconds on a loaded
// 2-core CI machine; the default 5 s makes such tests flaky, not stricter.
jest.setTimeout(30_000);
