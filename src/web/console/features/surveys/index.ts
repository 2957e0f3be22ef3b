// The surveys feature's public face.
export { SurveysPage, canSeeSurveys } from "./surveys-page.tsx";
