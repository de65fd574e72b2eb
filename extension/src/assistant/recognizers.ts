/**
 * How the reissue assistant recognises where the user is in the tax service's wizard:
 * the texts the service shows, as FNS's own instructions quote them (shared/seeds). When
 * the site changes its wording, this table is the one place to update. Patterns match
 * text with whitespace collapsed and any dash written as "-".
 */

export type AssistantStep = 1 | 2 | 3 | 4 | 5;

export interface PageRecognizer {
  id: string;
  /** The assistant step this page belongs to; null for pages between steps (the applications table). */
  step: AssistantStep | null;
  /** The page is done with its step once this shows (the site's own success text). */
  done?: RegExp;
  match: RegExp;
}

/**
 * Wizard pages list all five step titles in their header, so a step is recognised by the
 * instruction text only its own page shows, as FNS's instruction quotes it. The table is
 * ordered from the last step to the first; the first match wins.
 */
export const RECOGNIZERS: readonly PageRecognizer[] = [
  { id: "success", step: 5, match: /Сертификат ЭП успешно установлен на носитель ключевой информации/i, done: /успешно установлен/i },
  { id: "install", step: 5, match: /Для записи КСКПЭП необходимо|Записать сертификат на носитель ключевой информации/i },
  { id: "revoke", step: 4, match: /заявления на прекращение действия сертификата ЭП|На 4 шаге отображается блок сведений/i },
  { id: "receive", step: 3, match: /Уведомление о получении сертификата ЭП/i },
  { id: "request", step: 2, match: /необходимо нажать кнопку «Сформировать»|запрос на изготовление сертификата ЭП будет сформирован/i },
  { id: "applications", step: null, match: /Информация о заявлениях на перевыпуск сертификата (ЭП|электронной подписи)/i },
  { id: "application", step: 1, match: /Заявление на перевыпуск квалифицированного сертификата электронной подписи/i },
];

/** Buttons of the applications table that say which step is next (column «Действие»). */
export const NEXT_ACTIONS: readonly { step: AssistantStep; match: RegExp }[] = [
  { step: 2, match: /Запрос на изготовление сертификата ЭП/i },
  { step: 3, match: /Получить сертификат ЭП|Выпуск сертификата ЭП/i },
  { step: 4, match: /Отозвать (старый|ранее выданный) сертификат ЭП|Отзыв ранее выданного сертификата ЭП/i },
  { step: 5, match: /Получение и установка сертификата ЭП на носитель|Установка сертификата на носитель/i },
];
