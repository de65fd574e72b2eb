import { describe, expect, it } from "vitest";
import { detectPage } from "../../../../extension/src/assistant/detect.ts";
import { NEXT_ACTIONS } from "../../../../extension/src/assistant/recognizers.ts";

// Every wizard page lists all five step titles, as FNS's instruction shows them; the
// current step is told by the text only its own page has.
const STEPPER = [
  "Мастер получения сертификата ЭП",
  "Шаг 1 – Запрос на изготовление сертификата ЭП",
  "Шаг 2 – Обработка запроса",
  "Шаг 3 – Получение сертификата ЭП",
  "Шаг 4 – Отзыв ранее выданного сертификата ЭП",
  "Шаг 5 – Установка сертификата ЭП на носитель",
].join("\n");

describe("wizard recognisers", () => {
  it("tell the step by its own instruction, not by the stepper every page shows", () => {
    for (const [step, text] of [
      [2, "На странице «Шаг 1 – Запрос на изготовление сертификата ЭП» необходимо нажать кнопку «Сформировать» и следовать инструкции."],
      [3, "Чтобы отправить документ «Уведомление о получении сертификата ЭП» нажмите кнопку «Подписать и отправить»."],
      [4, "Для того  чтобы передать сведения заявления на прекращение действия сертификата ЭП, необходимо нажать кнопку"],
      [5, 'Для записи КСКПЭП необходимо:\nНажать кнопку "Записать сертификат на носитель ключевой информации"'],
    ] as const) {
      expect(detectPage(`${STEPPER}\n${text}`), text).toMatchObject({ step, done: false });
    }
  });

  it("recognise the application page, the table between steps and the success message", () => {
    expect(detectPage("Заявление на перевыпуск квалифицированного сертификата электронной подписи")).toMatchObject({ page: "application", step: 1 });
    expect(detectPage("Информация о заявлениях на перевыпуск\n сертификата ЭП")).toEqual({ page: "applications", step: null, done: false });
    expect(detectPage(`${STEPPER}\nСертификат ЭП успешно установлен на носитель ключевой информации`)).toEqual({ page: "success", step: 5, done: true });
    expect(detectPage(STEPPER)).toBeNull();
    expect(detectPage("Налоговая отчётность")).toBeNull();
  });

  it("tell the next step from the buttons the FNS instruction quotes", () => {
    for (const [label, step] of [
      ["Запрос на изготовление сертификата ЭП", 2],
      ["Получить сертификат ЭП", 3],
      ["Отозвать ранее выданный сертификат ЭП", 4],
      ["Получение и установка сертификата ЭП на носитель", 5],
    ] as const) {
      expect(NEXT_ACTIONS.find((a) => a.match.test(label))?.step, label).toBe(step);
    }
  });
});
